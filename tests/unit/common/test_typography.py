"""French typography: one rule (``common.typography``) for pages, PDF and e-mails."""

from __future__ import annotations

from coopassess.common.typography import NBSP, NNBSP, french, french_html
from coopassess.web.templating import french_source


def test_the_rule_and_its_tricky_cases() -> None:
    expected = f"Note{NBSP}: 12{NBSP}%{NNBSP}; bien{NNBSP}? «{NBSP}oui{NBSP}»{NNBSP}!"
    assert french("Note : 12 % ; bien ? « oui » !") == expected
    assert french("https://exemple.fr/a?b=1") == "https://exemple.fr/a?b=1"  # no space, no change
    assert french("10:30") == "10:30" and french(french("a ; b")) == french("a ; b")


def test_html_tags_are_left_alone() -> None:
    html = '<a title="a : b" href="/x?y">Lien : ici</a> !'
    assert french_html(html) == f'<a title="a : b" href="/x?y">Lien{NBSP}: ici</a>{NNBSP}!'


def test_template_literals_get_it_once_at_load_and_nothing_else_changes() -> None:
    source = (
        "<p>Durée : {{ minutes }} minutes ; « {{ name }} » ?</p>"
        '<textarea name="t">typé : tel quel ?</textarea>'
        "{% if x %}Oui : {{ x }}{% endif %}<pre>code : brut</pre><script>a ? b : c</script>"
    )
    assert french_source(source) == (
        f"<p>Durée{NBSP}: {{{{ minutes }}}} minutes{NNBSP}; "
        f"«{NBSP}{{{{ name }}}}{NBSP}»{NNBSP}?</p>"
        '<textarea name="t">typé : tel quel ?</textarea>'
        f"{{% if x %}}Oui{NBSP}: {{{{ x }}}}{{% endif %}}<pre>code : brut</pre>"
        "<script>a ? b : c</script>"
    )
