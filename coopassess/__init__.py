"""CoopAssess — auto-diagnostic de maturité coopérative."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from coopassess.paths import templates_dir


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Application factory: configuration, extensions, blueprints — nothing else."""
    from coopassess import cli, db, errors, security
    from coopassess import config as app_config
    from coopassess import registry as web_instruments
    from coopassess.admin.views import audit_log as workspace_audit_log
    from coopassess.admin.views import quality as workspace_quality
    from coopassess.api import account as api_account
    from coopassess.api import views as api_views
    from coopassess.auth import views as auth_views
    from coopassess.campaigns.views import exports as workspace_exports
    from coopassess.campaigns.views import pages as workspace_views
    from coopassess.campaigns.views import respondents as workspace_respondents
    from coopassess.consult.views import comparison as workspace_compare
    from coopassess.consult.views import dashboard as workspace_dashboard
    from coopassess.consult.views import organisation as workspace_organisation
    from coopassess.survey import collective as survey_collective
    from coopassess.survey import invitations as survey_invitations
    from coopassess.survey import views as survey_views
    from coopassess.web import responses as web_charts
    from coopassess.web import views as web_views

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
    web_charts.init_app(app)
    web_instruments.init_app(app)
    app.register_blueprint(web_views.blueprint)
    app.register_blueprint(survey_views.blueprint)
    app.register_blueprint(survey_invitations.blueprint)
    app.register_blueprint(survey_collective.blueprint)
    app.register_blueprint(auth_views.blueprint)
    app.register_blueprint(workspace_views.blueprint)
    app.register_blueprint(workspace_dashboard.blueprint)
    app.register_blueprint(workspace_respondents.blueprint)
    app.register_blueprint(workspace_compare.blueprint)
    app.register_blueprint(workspace_organisation.blueprint)
    app.register_blueprint(workspace_quality.blueprint)
    app.register_blueprint(api_views.blueprint)
    app.register_blueprint(api_account.blueprint)
    app.register_blueprint(workspace_exports.blueprint)
    app.register_blueprint(workspace_audit_log.blueprint)
    cli.register(app)
    return app
