"""The personal resume link of a response started from the open link, e-mailed to an address
the person types. The address travels only in the job's arguments (the queue drops them once
the job ran): it is never written to the database, not even to the outgoing mail."""

from __future__ import annotations

from email.utils import make_msgid

from coopassess.campaigns.service import resume_token
from coopassess.jobs import JobContext, job
from coopassess.mail.messages import MessageParts, build_message
from coopassess.mail.settings import MailSettings
from coopassess.mail.transport import transport_for
from coopassess.models import Response
from coopassess.participants.messages import Template, Values, french_date, render
from coopassess.privacy.notice import notice_path

TEMPLATE = Template(
    "Votre lien personnel : « {demarche} »",
    "Bonjour,\n\n"
    "Voici votre lien personnel pour reprendre vos réponses au questionnaire « {demarche} » "
    "de {organisation}, depuis n'importe quel appareil, jusqu'au {date_cloture} :\n{lien}\n\n"
    "Ne le transmettez pas : il ouvre vos réponses. Votre adresse n'a pas été conservée.",
)


@job(retries=2, retry_delay=120)
def send_resume_link(ctx: JobContext, response_id: int, address: str) -> None:
    response = ctx.session.get(Response, response_id)
    if response is None or response.submitted:
        return
    token = resume_token(ctx.session, response, ctx.config["SECRET_KEY"])
    if token is None:
        return
    campaign = response.campaign
    link = f"{ctx.config['BASE_URL'].rstrip('/')}/i/{token}"
    message = render(
        TEMPLATE,
        Values(
            prenom="",
            nom="",
            organisation=campaign.organisation.name,
            demarche=campaign.demarche,
            lien=link,
            date_cloture=french_date(campaign.closes_on),
            notice_url=ctx.config["BASE_URL"].rstrip("/") + notice_path(campaign.slug),
        ),
    )
    settings = MailSettings.from_config(ctx.config)
    parts = MessageParts(
        to=address,
        subject=message.subject,
        text=message.text,
        html=message.html,
        sender_name=campaign.organisation.name,
        mail_from=settings.mail_from,
        reply_to=campaign.contact_email,
        unsubscribe_url=None,
        message_id=make_msgid(domain=settings.mail_from.rpartition("@")[2] or "localhost"),
        date=ctx.now,
    )
    transport_for(settings).send(
        build_message(parts), mail_id=0, mail_from=settings.mail_from, to=address
    )
