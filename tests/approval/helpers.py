"""Test helpers: a tiny HTTP client that does not follow redirects or raise on 4xx, and a form
serializer that submits a page's form the way a browser would."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin


@dataclass(frozen=True)
class Reply:
    status: int
    body: str
    headers: Mapping[str, str]


def get(url: str) -> Reply:
    return _send(urllib.request.Request(url, method="GET"))


def post(url: str, fields: list[tuple[str, str]], *, origin: str | None = "same") -> Reply:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if origin == "same":
        scheme, rest = url.split("://", 1)
        headers["Origin"] = f"{scheme}://{rest.split('/', 1)[0]}"
    elif origin is not None:
        headers["Origin"] = origin
    data = urlencode(fields).encode()
    return _send(urllib.request.Request(url, data=data, headers=headers, method="POST"))


def _send(request: urllib.request.Request) -> Reply:
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Reply(response.status, response.read().decode(), dict(response.headers.items()))
    except urllib.error.HTTPError as err:
        return Reply(err.code, err.read().decode(), dict(err.headers.items()))


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str]]
    buttons: list[tuple[str, str]]

    def submit(
        self,
        page_url: str,
        button: str,
        *,
        set_: Mapping[str, str] | None = None,
        untick: tuple[str, ...] = (),
        extra: list[tuple[str, str]] | None = None,
        origin: str | None = "same",
    ) -> Reply:
        """Post the form as a browser would after the given edits, pressing the button with `button` value."""
        set_ = dict(set_ or {})
        fields = [(k, set_.pop(k, v)) for k, v in self.fields if k not in untick]
        fields += list(set_.items()) + list(extra or [])
        name = next(n for n, v in self.buttons if v == button)
        return post(urljoin(page_url, self.action), fields + [(name, button)], origin=origin)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), [], []))
        elif tag == "input" and self.forms and "name" in a and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1].fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and self.forms:
            self._textarea = a.get("name")
            self.forms[-1].fields.append((a["name"], ""))
        elif tag == "button" and self.forms and "name" in a:
            self.forms[-1].buttons.append((a["name"], a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            name, value = self.forms[-1].fields[-1]
            self.forms[-1].fields[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


def forms(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_with(html: str, button: str) -> Form:
    """The form that has a button with this value (approve, reject)."""
    return next(f for f in forms(html) if any(v == button for _, v in f.buttons))
