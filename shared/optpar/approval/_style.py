"""The pages' only stylesheet, inlined (no build, no extra request) and allowed by its hash in the CSP."""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--ink:#1c2330;--muted:#5b6474;--line:#dde1e7;
--accent:#2457c5;--accent-ink:#fff;--danger:#b42318;--ok:#17663a;--warn:#8a5a00;--mark:#fff1b8;--code:#f1f3f6}
@media (prefers-color-scheme:dark){:root{--bg:#12151b;--card:#1b1f27;--ink:#e6e9ef;--muted:#a2aab8;
--line:#2d333e;--accent:#7aa2ff;--accent-ink:#0b1020;--danger:#ff8a80;--ok:#7fd19b;--warn:#f0c36b;
--mark:#5a4a12;--code:#232833}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:72rem;margin:0 auto;padding:2rem 1.25rem 3rem}
.eyebrow{margin:0;color:var(--muted);font-size:.85rem;letter-spacing:.06em;text-transform:uppercase}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 .75rem}
h2{font-size:1.15rem;margin:0 0 .5rem}
p{margin:.5rem 0}
.lede{color:var(--muted);max-width:48rem}
code,pre,kbd{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1.25rem;margin:1.25rem 0;
box-shadow:0 1px 2px rgba(0,0,0,.04)}
.alert{border-left:4px solid var(--danger);background:var(--card);padding:.75rem 1rem;border-radius:8px;margin:1rem 0}
.notice{border-left:4px solid var(--accent)}
.ok{border-left-color:var(--ok)}
.warn{border-left-color:var(--warn)}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;min-width:52rem}
caption{text-align:left;font-weight:600;padding:0 0 .5rem}
th,td{text-align:left;vertical-align:top;padding:.6rem .5rem;border-top:1px solid var(--line)}
thead th{border-top:0;color:var(--muted);font-size:.8rem;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
tbody th{font-weight:600}
tr.invalid{background:color-mix(in srgb,var(--danger) 8%,transparent)}
tr:has(input.tune:not(:checked)) td:not(:first-child),tr:has(input.tune:not(:checked)) th{opacity:.45}
tr:has(input.tune:not(:checked)) .name{text-decoration:line-through}
.call{color:var(--muted);font-weight:400;font-size:.85rem}
.where{white-space:nowrap;color:var(--muted);font-size:.85rem}
pre.snippet{margin:.25rem 0 0;padding:.35rem .5rem;background:var(--code);border-radius:6px;white-space:pre-wrap;
word-break:break-word;max-width:24rem}
.original-tag{font-size:.75rem;color:var(--muted)}
mark{background:var(--mark);color:inherit;border-radius:3px;padding:0 .1em}
.kind{display:inline-block;padding:.05rem .45rem;border:1px solid var(--line);border-radius:999px;font-size:.8rem}
.range{display:flex;gap:.4rem;align-items:center;white-space:nowrap}
.range label{font-size:.85rem;color:var(--muted)}
input[type=number],input[type=text],textarea{font:inherit;color:inherit;background:var(--bg);
border:1px solid var(--line);border-radius:6px;padding:.3rem .45rem}
input[type=number]{width:6.5rem}
input[aria-invalid=true]{border-color:var(--danger)}
input[type=checkbox]{width:1.15rem;height:1.15rem;accent-color:var(--accent)}
.choices{display:flex;flex-wrap:wrap;gap:.35rem .9rem;margin:0 0 .4rem;padding:0;border:0}
.choices label{display:inline-flex;gap:.3rem;align-items:center}
.hint{color:var(--muted);font-size:.85rem}
textarea{width:100%;min-height:4.5rem}
.actions{display:flex;gap:.75rem;align-items:center;flex-wrap:wrap;margin-top:1rem}
button{font:inherit;font-weight:600;border-radius:8px;padding:.6rem 1.1rem;border:1px solid transparent;cursor:pointer}
button.primary{background:var(--accent);color:var(--accent-ink)}
button.danger{background:transparent;color:var(--danger);border-color:var(--danger)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);border:0}
footer{color:var(--muted);font-size:.85rem;margin-top:2rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.75rem 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
"""

CSS_HASH = "sha256-" + base64.b64encode(hashlib.sha256(CSS.encode("utf-8")).digest()).decode("ascii")

SECURITY_HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    # The page runs no script at all; the stylesheet is allowed by hash, forms post only back here.
    "Content-Security-Policy": (
        f"default-src 'none'; style-src '{CSS_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "Cache-Control": "no-store",
    # same-origin, not no-referrer: the latter would make the browser send `Origin: null` on the POST.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex, nofollow",
}
