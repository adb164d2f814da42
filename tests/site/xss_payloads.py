"""A representative set of the OWASP XSS filter evasion cases, each setting ``window.__xss``.

From the OWASP Cheat Sheet Series, "XSS Filter Evasion Cheat Sheet": the basic script tag,
image and link vectors with ``javascript:`` (mixed case, entities, embedded tab and newline,
grave accents), malformed tags, event handlers, ``<svg>``, ``<iframe>``, ``<object>``,
``<meta refresh>``, style and background vectors, attribute and ``</title>`` break-outs, and
the Markdown link form. Network sources are ``data:`` URLs, so a test never leaves the machine.
"""

from __future__ import annotations

from html.parser import HTMLParser

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<SCRIPT SRC=data:text/javascript,window.__xss=2></SCRIPT>",
    '<IMG SRC="javascript:window.__xss=3;">',
    "<IMG SRC=javascript:window.__xss=4>",
    "<IMG SRC=JaVaScRiPt:window.__xss=5>",
    "<IMG SRC=`javascript:window.__xss=6`>",
    '<a onmouseover="window.__xss=7">xxs link</a>',
    '<IMG """><SCRIPT>window.__xss=8</SCRIPT>">',
    '<IMG SRC=# onmouseover="window.__xss=9">',
    '<IMG SRC=/ onerror="window.__xss=10"></img>',
    '<img src=x onerror="&#0000119&#0000105&#0000110&#0000100&#0000111&#0000119.__xss=11">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__xss=12>",
    '<IMG SRC="jav&#x09;ascript:window.__xss=13;">',
    '<IMG SRC="jav&#x0A;ascript:window.__xss=14;">',
    '<IMG SRC=" &#14;  javascript:window.__xss=15;">',
    '<SCRIPT/XSS SRC="data:,window.__xss=16"></SCRIPT>',
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=window.__xss=17>",
    "<<SCRIPT>window.__xss=18;//<</SCRIPT>",
    '<iframe src="javascript:parent.__xss=19"></iframe>',
    "<svg/onload=window.__xss=20>",
    '<INPUT TYPE="IMAGE" SRC="javascript:window.__xss=21;">',
    '<BODY BACKGROUND="javascript:window.__xss=22">',
    "<STYLE>@import'javascript:window.__xss=23';</STYLE>",
    '<DIV STYLE="background-image: url(javascript:window.__xss=24)">x</DIV>',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:window.__xss=25;">',
    '<TABLE BACKGROUND="javascript:window.__xss=26"><tr><td>x</td></tr></TABLE>',
    '<OBJECT TYPE="text/html" DATA="data:text/html,<script>parent.__xss=27</script>"></OBJECT>',
    "<details open ontoggle=window.__xss=28>x</details>",
    '"><script>window.__xss=29</script>',
    "</title><script>window.__xss=30</script>",
    "[click me](javascript:window.__xss=31)",
    '<a href="jAvAsCrIpT&colon;window.__xss=32">x</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=33>",
    '<form><button formaction="javascript:window.__xss=34">x</button></form>',
]

# One line each, short enough for a title (200 characters) or a timeline entry.
TITLE = "Checkout </title><script>window.__xss=40</script><img src=x onerror=window.__xss=41>"
TIMELINE = '"><svg/onload=window.__xss=42> [x](javascript:window.__xss=43) <script>window.__xss=44</script>'

BAD_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "meta", "form", "input",
            "button", "base", "link", "body"}  # fmt: skip


class Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BAD_TAGS:
            self.bad.append(tag)
        for name, value in attrs:
            v = "".join((value or "").split()).lower()
            if name.startswith("on") or name in ("style", "formaction", "background"):
                self.bad.append(f"{tag} {name}")
            if v.startswith(("javascript:", "data:", "vbscript:")):
                self.bad.append(f"{tag} {name}={v}")


def dangerous(markup: str) -> list[str]:
    """What in ``markup`` could run a script: a bad element, an event handler, a script URL."""
    parser = Elements()
    parser.feed(markup)
    parser.close()
    return parser.bad
