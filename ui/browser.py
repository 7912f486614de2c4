"""A little JavaScript in the page: report activity (keys, taps, scrolling, typing), keep tokens.

One custom component (st.components.v2, mounted in the page, not in an iframe) does three jobs:
it tells the server that someone is using the page (a trigger value, sent at most every few
seconds, with what the form fields it is asked to keep show, as drafts), it keeps the browser's
token cookies in step with the server, and it ticks every visible countdown once a second.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import streamlit as st

KIOSK_COOKIE = "feedback_kiosk"
SESSION_COOKIE = "feedback_session"

LINK_JS = """
export default function (component) {
  const { data, setTriggerValue } = component;
  const g = window.__feedbackLink || (window.__feedbackLink = { dirty: false, sent: 0 });
  g.send = setTriggerValue;
  g.pingMs = data.ping_ms || 0;
  g.prefixes = data.drafts || [];
  const secure = location.protocol === "https:" ? "; Secure" : "";
  for (const [name, value] of Object.entries(data.cookies || {})) {
    const found = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
    const now = found ? found.slice(name.length + 1) : "";
    if (value && now !== value) {
      document.cookie = name + "=" + value + "; path=/; SameSite=Strict" + secure;
    } else if (!value && found) {
      document.cookie = name + "=; path=/; max-age=0; SameSite=Strict" + secure;
    }
  }
  if (g.listening) { return; }
  g.listening = true;
  // What a kept widget shows: a text area's text, the label of the chosen radio option or
  // select box entry, "1" or "" for a tick box. Widgets in a form reach the server only on
  // submit, so this is how a half-filled form survives a reload.
  const shown = (box) => {
    const ta = box.querySelector("textarea");
    if (ta) { return ta.value; }
    const radios = box.querySelectorAll("input[type='radio']");
    if (radios.length) {
      const on = [...radios].find((r) => r.checked);
      const label = on && on.closest("label");
      return label ? label.innerText.trim() : "";
    }
    const combo = box.querySelector("input[role='combobox']");
    if (combo) { return combo.value; }
    const tick = box.querySelector("input[type='checkbox']");
    if (tick) { return tick.checked ? "1" : ""; }
    return null;
  };
  const drafts = () => {
    const out = {};
    if (!g.prefixes.length) { return out; }
    document.querySelectorAll("[class*='st-key-']").forEach((box) => {
      const cls = [...box.classList].find((c) => c.startsWith("st-key-"));
      const key = cls ? cls.slice(7) : "";
      if (!key || !g.prefixes.some((p) => key.startsWith(p))) { return; }
      const value = shown(box);
      if (value !== null) { out[key] = value; }
    });
    return out;
  };
  g.flush = () => {
    if (!g.send || !g.pingMs) { return; }
    g.dirty = false;
    g.sent = Date.now();
    try { g.send("ping", { at: Date.now(), drafts: drafts() }); } catch (e) { g.dirty = true; }
  };
  const mark = (event) => {
    if (!event.isTrusted) { return; }
    g.dirty = true;
    g.lastInput = Date.now();
    if (event.type === "pointerdown" || event.type === "touchstart") { g.lastTap = Date.now(); }
  };
  for (const name of ["keydown", "pointerdown", "touchstart", "touchmove", "wheel", "input"]) {
    document.addEventListener(name, mark, { capture: true, passive: true });
  }
  // A report reruns only the watching fragment; sent while a tap's own run is under way it can
  // cut that run short and leave the page blank, so it waits until the app is idle again.
  const busy = () => !!document.querySelector(
    "[data-testid='stStatusWidgetRunningIcon'], [data-stale='true']");
  const tick = () => document.querySelectorAll(".feedback-countdown[data-seconds]").forEach((el) => {
    if (el._from !== el.dataset.seconds) { el._from = el.dataset.seconds; el._start = Date.now(); }
    const left = Math.max(0, Number(el._from) - Math.floor((Date.now() - el._start) / 1000));
    const text = left + (left === 1 ? " second" : " seconds");
    if (el.textContent !== text) { el.textContent = text; }
  });
  setInterval(() => {
    // At most every pingMs while people keep going, and soon after they pause (so what they
    // typed is kept even if the page is reloaded a moment later).
    const now = Date.now();
    const warned = !!document.querySelector(".feedback-idle-warning");
    const due = warned
      ? now - g.sent >= 1000
      : now - g.sent >= g.pingMs || (now - g.lastInput >= 1500 && now - g.sent >= 3000);
    const settled = now - (g.lastTap || 0) >= 1200 && !busy();
    if (g.dirty && g.pingMs && due && settled) { g.flush(); }
    tick();
  }, 250);
}
"""

LINK_CSS = ":host { display: none; }"

_link = st.components.v2.component("feedback_link", js=LINK_JS, css=LINK_CSS)


def cookie(name: str) -> str:
    """A cookie the browser sent when this session started ('' when none)."""
    try:
        value = st.context.cookies.get(name)
    except (AttributeError, RuntimeError):
        return ""
    return value if isinstance(value, str) else ""


def link(
    key: str,
    *,
    cookies: Mapping[str, str],
    ping_seconds: float = 0,
    drafts: Sequence[str] = (),
    on_ping: Callable[[], None] | None = None,
) -> None:
    """Mount the page's activity reporter.

    Args:
        key: the widget key (its value holds the last ping: {'at': ms, 'drafts': {key: text}}).
        cookies: cookie name -> the token it must hold ('' removes the cookie).
        ping_seconds: the most often activity is reported (0: never).
        drafts: widget-key prefixes of the fields (text areas, radios, select boxes, tick boxes)
            whose shown value is sent along as drafts.
        on_ping: called (before the run) when activity is reported.
    """
    data = {"cookies": dict(cookies), "ping_ms": int(ping_seconds * 1000), "drafts": list(drafts)}
    callbacks = {"on_ping_change": on_ping} if on_ping else {"on_ping_change": lambda: None}
    _link(key=key, data=data, height=0, **callbacks)


def last_ping(key: str) -> dict:
    """The activity report that started this run, or {}."""
    value = st.session_state.get(key)
    ping = getattr(value, "ping", None) if value is not None else None
    if ping is None and isinstance(value, Mapping):
        ping = value.get("ping")
    return ping if isinstance(ping, dict) else {}


def countdown(seconds: int) -> str:
    """HTML for a countdown the page ticks down once a second ('27 seconds')."""
    seconds = max(0, int(seconds))
    label = f"{seconds} second" + ("" if seconds == 1 else "s")
    return f'<span class="feedback-countdown" data-seconds="{seconds}">{html.escape(label)}</span>'
