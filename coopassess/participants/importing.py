"""Reading lists of people: CSV (French Excel or not), XLSX, or a pasted list (pure).

Every bad row is reported at once, with its line and reason in French; the caller imports
nothing unless the whole file is clean. Cells are kept as the text typed: a cell that looks
like a formula (``=``, ``+``, ``-``, ``@``) is stored as that text and never evaluated (XLSX
formulas are read as their text, not their cached result).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

MAX_EMAIL_LENGTH = 254
MAX_ROWS = 20_000
MAX_REPORTED = 200
LIMITS = {"first_name": 100, "last_name": 100, "structure": 200, "role": 200}
FIELD_LABELS = {
    "email": "adresse",
    "first_name": "prénom",
    "last_name": "nom",
    "structure": "structure",
    "role": "rôle",
}
_EMAIL = re.compile(r"[^@\s,;<>\"'()\[\]]+@[^@\s,;<>\"'.()\[\]]+(\.[^@\s,;<>\"'.()\[\]]+)+")
_HEADERS = {
    "email": (
        "email",
        "e-mail",
        "mail",
        "courriel",
        "adresse",
        "adresse e-mail",
        "adresse mail",
        "adresse electronique",
        "adresse courriel",
        "email address",
        "e-mail address",
    ),
    "first_name": ("prenom", "first name", "firstname", "given name"),
    "last_name": (
        "nom",
        "name",
        "last name",
        "lastname",
        "surname",
        "nom de famille",
        "family name",
        "nom complet",
        "full name",
    ),
    "structure": ("structure", "organisation", "organization", "service", "entite"),
    "role": ("role", "fonction", "poste", "job title", "title"),
}
_HEADER_FIELD = {
    name.replace("-", " "): field for field, names in _HEADERS.items() for name in names
}


class ImportRefused(ValueError):
    """The list cannot be imported; ``problems`` are French sentences, one per bad row."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_REPORTED]
        if len(problems) > MAX_REPORTED:
            shown.append(f"… et {len(problems) - MAX_REPORTED} autres problèmes.")
        super().__init__(" ".join(shown[:3]))
        self.problems = shown


@dataclass(frozen=True, slots=True)
class Person:
    email: str
    first_name: str | None = None
    last_name: str | None = None
    structure: str | None = None
    role: str | None = None
    line: int = 0


def normalise_email(raw: str) -> str | None:
    """NFKC then casefold, then checked: the normalised address, or None when invalid."""
    address = unicodedata.normalize("NFKC", raw).strip().casefold()
    if not address or len(address) > MAX_EMAIL_LENGTH or not _EMAIL.fullmatch(address):
        return None
    return address


def _header_key(cell: str) -> str:
    text = unicodedata.normalize("NFKD", cell.strip().strip("\ufeff").casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 / Latin-1 as French Excel writes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise ImportRefused(
            [
                "Le fichier n'est pas un texte lisible (encodage UTF-16 ou fichier binaire) : "
                "enregistrez-le au format « CSV UTF-8 » ou « CSV (séparateur : point-virgule) »."
            ]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ";"


def read_csv(data: bytes) -> list[Person]:
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    return people(enumerate(rows, start=1))


def read_xlsx(data: bytes) -> list[Person]:
    """The first sheet; formulas are read as their text (``data_only=False``), never run."""
    from openpyxl import load_workbook  # only when an XLSX arrives

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ImportRefused(
            [
                "Le fichier n'est pas un classeur Excel (.xlsx) lisible : ouvrez-le et "
                "enregistrez-le à nouveau, ou exportez-le en CSV."
            ]
        ) from error
    try:
        sheet = book.worksheets[0]
        rows = (
            ["" if cell is None else str(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        )
        return people(enumerate(rows, start=1))
    finally:
        book.close()


def read_file(filename: str, data: bytes) -> list[Person]:
    if not data.strip():
        raise ImportRefused(["Le fichier est vide."])
    if filename.lower().endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        return read_xlsx(data)
    return read_csv(data)


def people(numbered_rows: Iterable[tuple[int, Sequence[str]]]) -> list[Person]:
    """Rows whose first non-empty one names the columns; every problem reported at once."""
    columns: dict[str, int] | None = None
    found: dict[str, Person] = {}
    problems: list[str] = []
    for number, row in numbered_rows:
        if not any(cell.strip() for cell in row):
            continue
        if columns is None:
            columns = _columns(number, row)
            continue
        if len(found) + len(problems) >= MAX_ROWS:
            raise ImportRefused(
                [f"Le fichier dépasse {MAX_ROWS:,} lignes : scindez-le.".replace(",", "\u202f")]
            )
        person = _person(number, row, columns, problems)
        if person is not None:
            found[person.email] = _merge(found.get(person.email), person)
    if columns is None:
        raise ImportRefused(["Le fichier est vide."])
    if problems:
        raise ImportRefused(problems)
    if not found:
        raise ImportRefused(["Le fichier ne contient aucune personne sous sa ligne d'en-tête."])
    return list(found.values())


def _columns(number: int, row: Sequence[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(row):
        field = _HEADER_FIELD.get(_header_key(cell))
        if field is not None:
            columns.setdefault(field, index)
    if "email" not in columns:
        raise ImportRefused(
            [
                f"ligne {number} : colonne « e-mail » introuvable. La première ligne doit nommer "
                "les colonnes, par exemple « e-mail ; prénom ; nom ; structure ; rôle » "
                "(« courriel » ou « adresse » conviennent aussi)."
            ]
        )
    return columns


def _person(
    number: int,
    row: Sequence[str],
    columns: dict[str, int],
    problems: list[str],
    where: str | None = None,
) -> Person | None:
    where = where or f"ligne {number}"
    values = {
        field: _clean(row[index]) if index < len(row) else None for field, index in columns.items()
    }
    raw = values.pop("email") or ""
    if not raw:
        problems.append(f"{where} : adresse e-mail manquante.")
        return None
    email = normalise_email(raw)
    if email is None:
        problems.append(f"{where} : adresse e-mail invalide « {raw[:80]} ».")
        return None
    for field, limit in LIMITS.items():
        value = values.get(field)
        if value is not None and len(value) > limit:
            problems.append(
                f"{where} : {FIELD_LABELS[field]} trop long ({limit} caractères au plus)."
            )
            return None
    return Person(email=email, line=number, **values)


def _merge(known: Person | None, new: Person) -> Person:
    """Two rows for one address: one person, the first non-empty value of each field kept."""
    if known is None:
        return new
    return replace(
        known,
        **{
            field: getattr(known, field) or getattr(new, field)
            for field in ("first_name", "last_name", "structure", "role")
        },
    )


def parse_pasted(text: str) -> list[Person]:
    """A pasted list: one person a line, the address and optionally « prénom ; nom » around it
    (any of ``;``, ``,`` or a tab between), or a copied table with its header line."""
    lines = [line for line in text.splitlines()]
    first = next((line for line in lines if line.strip()), "")
    if "@" not in first:
        return read_csv(text.encode())
    found: dict[str, Person] = {}
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        cells = [cell.strip() for cell in re.split(r"[;,\t]", line) if cell.strip()]
        if not cells:
            continue
        addresses = [cell for cell in cells if "@" in cell]
        names = [cell for cell in cells if "@" not in cell]
        if len(addresses) != 1:
            problems.append(f"ligne {number} : une adresse e-mail attendue par ligne.")
            continue
        row = [addresses[0], *(names[:2])]
        person = _person(number, row, {"email": 0, "first_name": 1, "last_name": 2}, problems)
        if person is not None:
            found[person.email] = _merge(found.get(person.email), person)
    if problems:
        raise ImportRefused(problems)
    if not found:
        raise ImportRefused(["Aucune adresse à ajouter."])
    return list(found.values())


def one_person(
    email: str, first_name: str = "", last_name: str = "", structure: str = "", role: str = ""
) -> Person:
    """A person typed in the form, checked like a row of a file."""
    problems: list[str] = []
    row = [email, first_name, last_name, structure, role]
    columns = {"email": 0, "first_name": 1, "last_name": 2, "structure": 3, "role": 4}
    person = _person(1, row, columns, problems, where="Participant")
    if person is None:
        raise ImportRefused(problems)
    return person
