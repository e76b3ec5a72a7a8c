"""Login and new-password forms (Flask-WTF: CSRF included)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from coopassess.auth.passwords import MAX_LENGTH


class LoginForm(FlaskForm):
    email = EmailField(
        "Adresse e-mail",
        validators=[DataRequired("Saisissez votre adresse e-mail."), Length(max=254)],
    )
    password = PasswordField(
        "Mot de passe",
        validators=[DataRequired("Saisissez votre mot de passe."), Length(max=MAX_LENGTH)],
    )


class PasswordForm(FlaskForm):
    """The rules themselves (length, common passwords, e-mail) live in ``passwords``."""

    password = PasswordField(
        "Nouveau mot de passe", validators=[DataRequired("Saisissez un mot de passe.")]
    )
    confirm = PasswordField(
        "Confirmez le mot de passe",
        validators=[
            DataRequired("Saisissez le mot de passe une seconde fois."),
            EqualTo("password", "Les deux mots de passe ne sont pas identiques."),
        ],
    )


def error_list(form: FlaskForm) -> list[tuple[str, str]]:
    """(field id, message) pairs for the error summary at the top of the page."""
    return [(name, message) for name, messages in form.errors.items() for message in messages]


class ChangePasswordForm(PasswordForm):
    """A signed-in user changes their password: the current one proves it is them."""

    current = PasswordField(
        "Mot de passe actuel",
        validators=[
            DataRequired("Saisissez votre mot de passe actuel."),
            Length(max=MAX_LENGTH),
        ],
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        "Adresse e-mail",
        validators=[DataRequired("Saisissez votre adresse e-mail."), Length(max=254)],
    )
