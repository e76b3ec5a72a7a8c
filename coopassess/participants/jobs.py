"""The background work of sending: preparing a round of messages, and the scheduled reminders.

``prepare_mailing`` renders each recipient's message and queues it with an idempotency key
(``invitation:<participant>``, ``reminder:<participant>:<batch>``): run twice, or retried after
a crash, it queues nothing twice, and the delivery skips what already left. Recipients are
chosen when the job runs, so a reminder never reaches someone who answered in between.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from coopassess.jobs import JobContext, crontab, job, periodic
from coopassess.mail import delivery
from coopassess.mail.outbox import MailDraft, queue_mails
from coopassess.models import Campaign, Mailing, Participant
from coopassess.participants import sending, texts
from coopassess.participants.followup import ref
from coopassess.participants.messages import render
from coopassess.participants.outgoing import links_of

PREPARE_CHUNK = 500  # recipients rendered and queued per statement round
PARIS = ZoneInfo("Europe/Paris")


def idempotency_key(mailing: Mailing, participant_id: int) -> str:
    if mailing.kind == "invitation":
        return f"invitation:{participant_id}"
    return f"reminder:{participant_id}:{mailing.batch_id}"


@job(retries=3, retry_delay=30)
def prepare_mailing(ctx: JobContext, mailing_id: int) -> None:
    session = ctx.session
    mailing = session.get(Mailing, mailing_id)
    if mailing is None or mailing.prepared_at is not None:
        return
    campaign = session.get(Campaign, mailing.campaign_id)
    recipients = list(session.scalars(sending.targets(mailing.kind, campaign.id)))
    kind = "invitation" if mailing.kind == "invitation" else "reminder"
    template = texts.templates(session, campaign.id)[kind]
    secret, base = ctx.config["SECRET_KEY"], ctx.config["BASE_URL"]
    mail_ids: list[int] = []
    for start in range(0, len(recipients), PREPARE_CHUNK):
        chunk = recipients[start : start + PREPARE_CHUNK]
        people = session.scalars(
            select(Participant)
            .options(selectinload(Participant.invitation))
            .where(Participant.id.in_(chunk))
            .order_by(Participant.id)
        ).all()
        drafts = []
        for participant in people:
            link, unsubscribe = links_of(participant, secret, base)
            message = render(template, texts.values(campaign, participant, link, unsubscribe, base))
            drafts.append(
                MailDraft(
                    to=participant.email,
                    subject=message.subject,
                    text=message.text,
                    html=message.html,
                    sender_name=campaign.organisation.name,
                    reply_to=campaign.contact_email,
                    unsubscribe_url=unsubscribe,
                    ref=ref(participant.id),
                    batch_id=mailing.batch_id,
                    idempotency_key=idempotency_key(mailing, participant.id),
                )
            )
        mail_ids.extend(mail.id for mail in queue_mails(session, drafts) if mail.status == "queued")
        if mailing.kind == "invitation":
            session.execute(
                update(Participant)
                .where(Participant.id.in_(chunk), Participant.invited_at.is_(None))
                .values(invited_at=ctx.now)
                .execution_options(synchronize_session=False)
            )
    mailing.prepared_at = ctx.now
    mailing.recipients = len(recipients)
    for start in range(0, len(mail_ids), delivery.CHUNK):
        ctx.enqueue(delivery.deliver_many, mail_ids[start : start + delivery.CHUNK])


def due_reminders(campaign: Campaign, first_invitation: datetime | None, today: date) -> list[str]:
    """The scheduled reminders of ``campaign`` due ``today`` (each happens once: its mailing's
    request key is ``auto:<campaign>:<kind>``)."""
    due = []
    if campaign.remind_after_days and first_invitation is not None:
        invited_on = first_invitation.astimezone(PARIS).date()
        if today >= invited_on + timedelta(days=campaign.remind_after_days):
            due.append("reminder_after")
    closes_on, before = campaign.closes_on, campaign.remind_before_close_days
    if before and closes_on is not None and closes_on - timedelta(days=before) <= today:
        due.append("reminder_before_close")
    return due


@periodic(crontab(minute="5"))
def scheduled_reminders(ctx: JobContext) -> None:
    """Every hour: start the scheduled reminders that are due on the open campaigns."""
    session = ctx.session
    today = ctx.now.astimezone(PARIS).date()
    first_invitations = dict(
        session.execute(
            select(Mailing.campaign_id, func.min(Mailing.created_at))
            .where(Mailing.kind == "invitation")
            .group_by(Mailing.campaign_id)
        ).all()
    )
    campaigns = session.scalars(
        select(Campaign).where(
            Campaign.status == "open",
            Campaign.anonymous.is_(False),
            Campaign.id.in_(list(first_invitations)),
        )
    ).all()
    for campaign in campaigns:
        if campaign.closes_on is not None and campaign.closes_on < today:
            continue
        for kind in due_reminders(campaign, first_invitations.get(campaign.id), today):
            if sending.count(session, sending.reminder_targets(campaign.id)) == 0:
                continue
            key = f"auto:{campaign.id}:{kind}"
            mailing, new = sending.request_mailing(session, campaign, kind, key, None)
            if new:
                ctx.enqueue(prepare_mailing, mailing.id)
