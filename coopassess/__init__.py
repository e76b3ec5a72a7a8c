"""CoopAssess — auto-diagnostic de maturité coopérative."""

from __future__ import annotations

import os
from importlib import import_module
from typing import Any

from flask import Flask

from coopassess.paths import templates_dir

# Every blueprint and the URL prefix it is served under: the one place the URL space is laid out.
BLUEPRINTS = (
    ("coopassess.web.views", ""),
    ("coopassess.web.help", ""),
    ("coopassess.web.legal", ""),
    ("coopassess.survey.views.notice", "/r"),
    ("coopassess.survey.views.invitations", ""),
    ("coopassess.survey.views.pages", "/r"),
    ("coopassess.survey.views.collective", "/r"),
    ("coopassess.survey.views.withdrawal", "/r"),
    ("coopassess.auth.views", ""),
    ("coopassess.campaigns.views.pages", "/campagnes"),
    ("coopassess.campaigns.views.respondents", "/campagnes/<int:campaign_id>"),
    ("coopassess.campaigns.views.comments", "/campagnes/<int:campaign_id>"),
    ("coopassess.campaigns.views.downloads", "/campagnes"),
    ("coopassess.campaigns.views.restitution", "/campagnes"),
    ("coopassess.participants.views.pages", "/campagnes/<int:campaign_id>/participants"),
    ("coopassess.participants.views.messages", "/campagnes/<int:campaign_id>/messages"),
    ("coopassess.participants.views.sending", "/campagnes/<int:campaign_id>/envois"),
    ("coopassess.participants.views.optout", ""),
    ("coopassess.campaigns.views.manage", "/campagnes"),
    ("coopassess.actions.views", "/campagnes/<int:campaign_id>/plan-d-action"),
    ("coopassess.consult.views.dashboard", ""),
    ("coopassess.consult.views.comparison", "/comparaison"),
    ("coopassess.consult.views.organisation", "/organisations"),
    ("coopassess.organisations.views", "/organisations"),
    ("coopassess.consult.views.portfolio_export", "/exports"),
    ("coopassess.admin.views.quality", "/admin"),
    ("coopassess.admin.views.audit_log", "/admin"),
    ("coopassess.admin.views.accounts", "/admin"),
    ("coopassess.admin.views.privacy", "/admin"),
    ("coopassess.api.views.results", "/api/v1"),
    ("coopassess.api.views.actions", "/api/v1"),
    ("coopassess.api.views.tokens", "/compte"),
    ("coopassess.followup.views", "/compte"),
)

# Every feature module that declares background jobs (@job, @periodic): imported by the wiring,
# so the web processes can queue them and the worker can run them.
JOB_MODULES = (
    "coopassess.campaigns.jobs",
    "coopassess.mail.delivery",
    "coopassess.participants.jobs",
    "coopassess.retention.jobs",
    "coopassess.survey.resume_mail",
    "coopassess.followup.jobs",
)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Application factory: configuration, extensions, blueprints — nothing else."""
    from coopassess import cli, db, errors, registry, security
    from coopassess import config as app_config
    from coopassess.jobs import app as jobs
    from coopassess.web import responses, templating

    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get(
        "COOPASSESS_INSTANCE_PATH"
    )
    app = Flask(
        __name__,
        template_folder=str(templates_dir()),
        instance_path=instance_path,
        instance_relative_config=True,
    )
    app_config.load(app, config)
    security.init_app(app)
    db.init_app(app)
    errors.init_app(app)
    responses.init_app(app)
    templating.init_app(app)
    registry.init_app(app)
    jobs.init_app(app, JOB_MODULES)
    for module, prefix in BLUEPRINTS:
        app.register_blueprint(import_module(module).blueprint, url_prefix=prefix or None)
    cli.register(app)
    return app
