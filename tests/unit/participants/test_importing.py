"""Reading lists of people: encodings, separators, headers, bad rows, formulas (pure)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from coopassess.participants import importing
from coopassess.participants.importing import ImportRefused, read_file


def test_french_excel_csv_semicolons_latin1_and_french_headers() -> None:
    data = "Courriel;Prénom;Nom;Structure;Rôle\r\nAna@Mairie.fr;Anaïs;Lefèvre;Mairie;Élue\r\n"
    people = read_file("liste.csv", data.encode("cp1252"))
    assert [(p.email, p.first_name, p.last_name, p.structure, p.role) for p in people] == [
        ("ana@mairie.fr", "Anaïs", "Lefèvre", "Mairie", "Élue")
    ]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_utf8_with_or_without_bom_commas_and_english_headers(bom: bytes) -> None:
    data = bom + "E-mail,First name,Last name,Role\nbob@example.org,Bob,Ødegård,agent\n".encode()
    (person,) = read_file("people.csv", data)
    assert (person.email, person.first_name, person.last_name, person.role) == (
        "bob@example.org",
        "Bob",
        "Ødegård",
        "agent",
    )


def test_email_is_nfkc_casefolded_before_checking() -> None:
    assert importing.normalise_email("  ＡＮＡ@Example.FR ") == "ana@example.fr"
    assert (
        importing.normalise_email("STRASSE@example.de".replace("SS", "ẞ")) == "strasse@example.de"
    )
    assert importing.normalise_email("a" * 250 + "@x.fr") is None
    assert importing.normalise_email("pas une adresse") is None


def test_every_bad_row_is_reported_with_its_line_in_french() -> None:
    data = (
        "e-mail;nom\nok@example.fr;A\n;B\npas-une-adresse;C\nx@y;D\n" + "z@example.fr;" + "n" * 101
    )
    with pytest.raises(ImportRefused) as refused:
        read_file("liste.csv", data.encode())
    assert refused.value.problems == [
        "ligne 3 : adresse e-mail manquante.",
        "ligne 4 : adresse e-mail invalide « pas-une-adresse ».",
        "ligne 5 : adresse e-mail invalide « x@y ».",
        "ligne 6 : nom trop long (100 caractères au plus).",
    ]


def test_missing_email_column_and_unreadable_files_are_refused() -> None:
    with pytest.raises(ImportRefused, match="colonne « e-mail » introuvable"):
        read_file("liste.csv", b"nom;prenom\nDupont;Ana\n")
    with pytest.raises(ImportRefused, match="UTF-16"):
        read_file("liste.csv", "e-mail\na@b.fr\n".encode("utf-16"))
    with pytest.raises(ImportRefused, match="classeur Excel"):
        read_file("liste.xlsx", b"PK\x03\x04 pas vraiment un zip")
    with pytest.raises(ImportRefused, match="vide"):
        read_file("liste.csv", b"  \n")


def test_duplicates_are_merged_keeping_the_first_values() -> None:
    data = "e-mail;prénom;structure\nana@x.fr;;Mairie\nANA@x.fr;Ana;Autre\nbob@x.fr;Bob;\n"
    people = read_file("liste.csv", data.encode())
    assert [(p.email, p.first_name, p.structure) for p in people] == [
        ("ana@x.fr", "Ana", "Mairie"),
        ("bob@x.fr", "Bob", None),
    ]


def test_formula_like_cells_stay_text_in_csv_and_xlsx() -> None:
    (person,) = read_file("liste.csv", b'e-mail;nom;structure\nf@x.fr;=HYPERLINK("http://x");+1\n')
    assert person.last_name == '=HYPERLINK("http://x")' and person.structure == "+1"
    book = Workbook()
    sheet = book.active
    sheet.append(["Adresse", "Nom", "Rôle"])
    sheet.append(["g@x.fr", "=1+1", "@SUM(A1)"])
    buffer = io.BytesIO()
    book.save(buffer)
    (person,) = read_file("liste.xlsx", buffer.getvalue())
    assert (person.email, person.last_name, person.role) == ("g@x.fr", "=1+1", "@SUM(A1)")


def test_ten_thousand_rows_read() -> None:
    data = "e-mail;prénom\n" + "".join(f"p{n}@example.fr;P{n}\n" for n in range(10_000))
    assert len(read_file("liste.csv", data.encode())) == 10_000


def test_pasted_lists_and_one_person() -> None:
    people = importing.parse_pasted("ana@x.fr ; Ana ; Lefèvre\n\nbob@x.fr\n")
    assert [(p.email, p.first_name, p.last_name) for p in people] == [
        ("ana@x.fr", "Ana", "Lefèvre"),
        ("bob@x.fr", None, None),
    ]
    with pytest.raises(ImportRefused, match="ligne 2 : une adresse e-mail attendue"):
        importing.parse_pasted("ana@x.fr\nAna Lefèvre\n")
    assert importing.one_person("  Ana@X.fr ", "Ana").email == "ana@x.fr"
    with pytest.raises(ImportRefused, match="Participant : adresse e-mail invalide"):
        importing.one_person("ana")
