"""SQLAlchemy 2 typed models, one module per area."""

from coopassess.models.accounts import (
    ROLES,
    Assignment,
    AuditEvent,
    LoginAttempt,
    PasswordReset,
    User,
    UserSession,
)
from coopassess.models.action import (
    ACTION_STATUSES,
    OPEN_ACTION_STATUSES,
    Action,
    ActionStatusChange,
)
from coopassess.models.api import ApiToken
from coopassess.models.base import Base, utcnow
from coopassess.models.campaign import CAMPAIGN_STATUSES, TARGETS, Campaign, Organisation
from coopassess.models.invitation import INVITATION_KINDS, Invitation, LinkAttempt
from coopassess.models.mail import MAIL_KINDS, MAIL_STATUSES, MailBatch, OutgoingMail, RateCounter
from coopassess.models.participant import (
    MAILING_KINDS,
    MESSAGE_KINDS,
    CampaignMessage,
    Mailing,
    Participant,
)
from coopassess.models.response import ANSWER_VALUES, RESPONSE_STATUSES, Answer, Response
from coopassess.models.summary import CampaignSummary

__all__ = [
    "ACTION_STATUSES",
    "ANSWER_VALUES",
    "CAMPAIGN_STATUSES",
    "INVITATION_KINDS",
    "MAILING_KINDS",
    "MAIL_KINDS",
    "MAIL_STATUSES",
    "MESSAGE_KINDS",
    "OPEN_ACTION_STATUSES",
    "RESPONSE_STATUSES",
    "ROLES",
    "TARGETS",
    "Action",
    "ActionStatusChange",
    "Answer",
    "ApiToken",
    "Assignment",
    "AuditEvent",
    "Base",
    "Campaign",
    "CampaignMessage",
    "CampaignSummary",
    "Invitation",
    "LinkAttempt",
    "LoginAttempt",
    "MailBatch",
    "Mailing",
    "Organisation",
    "OutgoingMail",
    "Participant",
    "PasswordReset",
    "RateCounter",
    "Response",
    "User",
    "UserSession",
    "utcnow",
]
