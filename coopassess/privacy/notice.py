"""The information notice of a campaign, composed from the facts that make it true: who the
controller is, what the campaign collects, who sees what, how long it is kept, which rights
apply. Pure: the service gathers the facts, the pages and the recorded version read the same
``Notice``, so the text a response names is the text its respondent was shown."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

# The address of a campaign's notice page (coopassess.survey.views.notice), for the e-mails.
NOTICE_PATH = "/r/{slug}/confidentialite"
CNIL = "la Commission nationale de l'informatique et des libertés (CNIL, www.cnil.fr)"
MAX_ADDITIONS = 5_000


@dataclass(frozen=True, slots=True)
class NoticeFacts:
    organisation: str
    controller: str  # the organisation's name unless it set another
    contact: str | None  # who to write to for one's data (the DPO first, then other contacts)
    dpo: bool  # whether ``contact`` is a data protection officer's
    dpo_name: str | None
    dpo_address: str | None
    demarche: str
    modules: tuple[str, ...]  # titles of the questionnaires answered
    profile: tuple[str, ...]  # the profile questions, as asked
    anonymous: bool
    minimum: int  # Results.reportable: the instrument's minimum number of respondents
    address_months: int
    answer_months: int
    results_shared: bool
    cookie_hours: int
    attempt_minutes: int  # how long a refused link lookup is remembered
    additions: str | None = None  # the organisation's own text (plain, escaped when shown)


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Notice:
    summary: tuple[str, ...]  # the welcome page's short version
    sections: tuple[Section, ...]
    additions_title: str
    additions: tuple[str, ...]  # the organisation's paragraphs

    @property
    def text(self) -> str:
        """The notice as plain text: what is stored and hashed for each version."""
        blocks = ["En bref", *(f"- {line}" for line in self.summary)]
        for section in self.sections:
            blocks += ["", section.title, *section.paragraphs]
        if self.additions:
            blocks += ["", self.additions_title, *self.additions]
        return "\n".join(blocks)

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def notice_path(slug: str) -> str:
    return NOTICE_PATH.format(slug=slug)


def _months(count: int) -> str:
    return f"{count}\u00a0mois"


def _quoted(items: tuple[str, ...]) -> str:
    return ", ".join(f"« {item} »" for item in items)


def paragraphs(text: str | None) -> tuple[str, ...]:
    """Typed text split at blank lines, each paragraph on one line."""
    if not text:
        return ()
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return tuple(" ".join(block.split()) for block in blocks if block.strip())


def contact_sentence(facts: NoticeFacts) -> str:
    if facts.contact is None:
        return (
            f"adressez-vous à {facts.controller}, par le contact indiqué dans le message "
            "ou le document qui vous a transmis ce questionnaire."
        )
    where = f" (ou par courrier : {facts.dpo_address})" if facts.dpo_address else ""
    if facts.dpo:
        name = f", {facts.dpo_name}" if facts.dpo_name else ""
        return (
            f"écrivez au délégué à la protection des données de {facts.controller}{name} : "
            f"{facts.contact}{where}."
        )
    return f"écrivez à {facts.contact}{where}."


def compose(facts: NoticeFacts) -> Notice:
    minimum = facts.minimum
    summary = [
        f"{facts.controller} est responsable du traitement de vos réponses ; "
        "répondre est facultatif.",
        f"{facts.organisation} ne voit que des résultats agrégés, à partir de {minimum} "
        "répondants.",
        "Les consultants qui l'accompagnent lisent vos réponses individuelles sous un "
        "pseudonyme, avec votre profil, pour contrôler la qualité des données.",
    ]
    if facts.anonymous:
        summary.append("Cette campagne est anonyme : aucune adresse e-mail n'est enregistrée.")
    else:
        summary.append(
            "Aucune page ni aucun export ne montre le lien entre votre adresse e-mail et vos "
            "réponses."
        )
    answers = f"{_months(facts.answer_months)} après la clôture"
    summary.append(
        f"Réponses individuelles effacées {answers}."
        if facts.anonymous
        else f"Adresses effacées {_months(facts.address_months)} après la clôture, réponses "
        f"individuelles {answers}."
    )
    summary.append(
        "Vous pouvez accéder à vos données, les rectifier, les effacer ou retirer votre "
        "réponse avant la clôture."
    )
    sections = (
        _controller(facts),
        _purpose(facts),
        _collected(facts),
        _recipients(facts),
        _retention(facts),
        _rights(facts),
        _cookies(facts),
    )
    return Notice(
        summary=tuple(summary),
        sections=sections,
        additions_title=f"Précisions de {facts.controller}",
        additions=paragraphs(facts.additions),
    )


def _controller(facts: NoticeFacts) -> Section:
    lines = [
        f"{facts.controller} mène cette campagne et décide de l'usage de vos réponses : elle est "
        "responsable du traitement. Les consultants qui l'accompagnent et l'exploitant de cette "
        "instance de CoopAssess agissent pour son compte.",
    ]
    if facts.contact is not None:
        label = "Délégué à la protection des données" if facts.dpo else "Contact"
        who = f"{facts.dpo_name}, " if facts.dpo and facts.dpo_name else ""
        address = f", {facts.dpo_address}" if facts.dpo_address else ""
        lines.append(f"{label} : {who}{facts.contact}{address}.")
    return Section("Qui est responsable ?", tuple(lines))


def _purpose(facts: NoticeFacts) -> Section:
    return Section(
        "À quoi servent vos réponses ?",
        (
            f"À établir l'auto-diagnostic de maturité coopérative de la démarche "
            f"« {facts.demarche} » : un radar, des indices, des niveaux, les points d'accord et "
            "de désaccord entre répondants et des recommandations pour progresser.",
            "Répondre est facultatif : vous pouvez laisser une question sans réponse, choisir "
            "« Je ne sais pas », ou vous arrêter à tout moment.",
        ),
    )


def _collected(facts: NoticeFacts) -> Section:
    lines = [
        f"Vos réponses aux questionnaires {_quoted(facts.modules)}.",
        f"Votre profil : {_quoted(facts.profile)}. Il adapte certaines questions et permet de "
        "lire les résultats par groupe.",
    ]
    if facts.anonymous:
        lines.append(
            "Cette campagne est anonyme : aucune adresse e-mail n'y est enregistrée, ni nom. "
            "Votre lien ne dit pas qui vous êtes."
        )
    else:
        lines.append(
            "Si vous avez été invité·e par courriel : votre adresse e-mail et, si "
            f"{facts.organisation} les a saisis dans sa liste d'invitation, vos nom, prénom, "
            "structure et fonction, ainsi que les messages qui vous ont été envoyés. Ils "
            "servent aux invitations et aux relances ; le calcul des résultats ne les lit pas."
        )
    lines.append(
        "Si vous avez répondu par le lien ouvert de la campagne et demandé à recevoir votre "
        "lien personnel par courriel, l'adresse tapée sert à cet envoi et n'est pas conservée."
    )
    lines.append(
        "L'application n'enregistre pas l'adresse IP des répondants : seule une empreinte "
        "(sha256) de l'adresse d'un appareil qui essaie des liens invalides est gardée "
        f"{facts.attempt_minutes}\u00a0minutes, pour bloquer les tentatives répétées. Le "
        "serveur web de l'exploitant peut tenir ses propres journaux de connexion."
    )
    return Section("Ce qui est recueilli", tuple(lines))


def _recipients(facts: NoticeFacts) -> Section:
    lines = [
        f"{facts.organisation} : les résultats agrégés de la campagne, seulement à partir de "
        f"{facts.minimum} répondants ; en dessous, aucun chiffre n'est montré.",
    ]
    if not facts.anonymous:
        lines.append(
            f"Pour relancer les personnes invitées, {facts.organisation} voit aussi qui a "
            "commencé ou envoyé ses réponses, jamais leur contenu."
        )
    lines.append(
        f"Les consultants qui accompagnent {facts.organisation}, et les administrateurs de "
        "l'instance : vos réponses individuelles sous un pseudonyme (R1, R2…), avec votre "
        "profil, pour contrôler la qualité des données (réponses incomplètes ou incohérentes). "
        "Dans un petit groupe, ce profil, ou le fait de savoir qui a déjà répondu, peut suffire "
        "à reconnaître quelqu'un : c'est pourquoi ces pages ne sont jamais ouvertes à "
        "l'organisation."
    )
    if facts.results_shared:
        lines.append(
            "Les répondants qui ont envoyé leurs réponses peuvent lire les mêmes résultats "
            "agrégés, dans les mêmes conditions."
        )
    if facts.anonymous:
        lines.append(
            "Personne ne peut relier vos réponses à votre identité par l'application : "
            "aucune adresse n'est enregistrée."
        )
    else:
        lines.append(
            "Le lien entre votre adresse e-mail et vos réponses : aucune page ni aucun export de "
            "l'application ne le montre, à personne. La base de données le garde, pour que "
            "votre lien personnel rouvre vos réponses ; l'administrateur de l'instance ne s'en "
            "sert qu'à votre demande, pour exercer vos droits, et il disparaît quand votre "
            "adresse est effacée."
        )
    lines.append(
        "Votre lien personnel ouvre vos réponses : ne le transmettez pas. Les personnes qui "
        "créent les liens d'invitation depuis la page de la campagne peuvent les afficher à "
        "nouveau tant qu'ils sont valables."
    )
    return Section("Qui voit quoi ?", tuple(lines))


def _retention(facts: NoticeFacts) -> Section:
    lines = []
    if not facts.anonymous:
        lines.append(
            f"Votre adresse e-mail, les informations de la liste d'invitation et les messages "
            f"envoyés : {_months(facts.address_months)} après la clôture de la campagne."
        )
    lines += [
        f"Vos réponses individuelles et votre profil : {_months(facts.answer_months)} après la "
        "clôture de la campagne. Ensuite ne restent que les résultats agrégés de la campagne.",
        "Les sauvegardes de l'exploitant, s'il en fait, contiennent ces données jusqu'à ce "
        "qu'elles soient remplacées.",
    ]
    return Section("Combien de temps ?", tuple(lines))


def _rights(facts: NoticeFacts) -> Section:
    lines = [
        "Vous pouvez accéder à vos données, les faire rectifier ou effacer, et vous opposer à "
        "leur traitement. Avant la clôture, vous pouvez aussi retirer votre réponse depuis "
        "votre lien personnel.",
        f"Pour exercer ces droits : {contact_sentence(facts)}",
    ]
    if facts.anonymous:
        lines.append(
            "Comme aucune adresse n'est enregistrée, vos réponses ne se retrouvent qu'avec votre "
            "lien personnel : joignez-le à votre demande."
        )
    else:
        lines.append(
            "L'administrateur de l'instance retrouve alors vos données à partir de votre adresse "
            "e-mail, pour vous les communiquer ou les effacer."
        )
    lines.append(
        f"Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une "
        f"réclamation à {CNIL}."
    )
    return Section("Vos droits", tuple(lines))


def _cookies(facts: NoticeFacts) -> Section:
    return Section(
        "Cookie",
        (
            "Un seul cookie, nécessaire au questionnaire : il garde dans ce navigateur, "
            f"{facts.cookie_hours}\u00a0heures après votre dernière page, la réponse que vous "
            "remplissez. Aucune mesure d'audience, aucune publicité, aucune ressource "
            "extérieure au site.",
        ),
    )
