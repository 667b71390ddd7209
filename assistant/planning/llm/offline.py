"""The offline planner: the common requests, understood by rules, with no network and no keys.

A request is split into clauses where a new command starts ("Text Alice that I'm late and
email Bob that the meeting moved"); each clause is matched against the phrasings of one
intent (texting, emailing, calling, reminders, meetings, availability, to-dos, notes,
promises, look-ups). People are matched against the team's contacts, longest name first, and
anyone it cannot pin down becomes a clarification question, never a guess. Words meant for
the recipient are kept exactly as the person wrote them. Anything it does not recognise
proposes nothing and says so. It never follows instructions in the text: it only recognises
requests, so "ignore your rules and..." is just words that match no intent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q

from assistant.approvals.selectors import contact_names
from contacts.models import Contact
from contacts.phones import looks_like_phone
from contacts.selectors import HONORIFICS, contacts_for_team

from .base import Clarification, Plan, PlanContext, PlanEvent, ProposedCall
from .people import Person, person_question, person_resolve
from .when import When, text_without, when_find, when_instant, when_range

SURE, ASSUMED = 0.95, 0.75  # confidence: everything said / something filled in by convention

_COMMANDS = (
    r"text|txt|sms|message|send|tell|let|shoot|ping|email|e-mail|write|drop|call|phone|ring|give|"
    r"remind|set|add|create|make|put|todo|to-do|book|schedule|arrange|block|move|reschedule|"
    r"push|shift|cancel|hold|am\s+i|do\s+i|what's|whats|what|show|find|when|remember|note|jot|"
    r"i\s+promised|i\s+owe|look\s+up|lookup|who|please|can\s+you|could\s+you|would\s+you"
)
_SPLIT = re.compile(
    rf"(?:\s*[.;!?]+\s+|\s*,\s*|\s+(?=(?:and|then|also)\s))(?:(?:and|then|also|just|please)\s+)*"
    rf"(?=(?:{_COMMANDS})\b)(?!(?:tell|let|ask)\s+(?:her|him|them)\b|call\s+it\b)",
    re.I,
)
_POLITE = re.compile(
    r"^(?:(?:hey|hi|ok|okay|so|alright|right)(?:\s+consigliere)?[,:]?\s+|please\s+|pls\s+|"
    r"kindly\s+|can\s+you\s+|when\s+you\s+(?:get|have)\s+a\s+(?:sec|second|minute|moment)\s*,?\s+|"
    r"(?:i\s+)?need\s+you\s+to\s+|"
    r"could\s+you\s+|would\s+you\s+|will\s+you\s+|i\s+need\s+you\s+to\s+|i\s+want\s+you\s+to\s+|"
    r"go\s+ahead\s+and\s+|also\s+|then\s+|and\s+|just\s+|can\s+we\s+|could\s+we\s+|"
    r"let'?s\s+|quickly\s+)+",
    re.I,
)
_TRAILING_POLITE = re.compile(r"[,\s]+(?:please|pls|thanks|thank you)[.!]*$", re.I)
_CONNECTOR = re.compile(
    r"^\s*(?:[,:\-–]\s*)?(?:(?:(?:and|to)\s+)?(?:say|tell\s+(?:her|him|them)|let\s+(?:her|him|them)"
    r"\s+know|ask\s+(?:her|him|them))(?:\s+that)?|saying(?:\s+that)?|that|with\s+the\s+message|"
    r"with|:)(?=\s|$|[\"'“‘])\s*",
    re.I,
)
_STOP = {"that", "saying", "to", "and", "about", "at", "on", "in", "tomorrow", "today", "tonight",
         "with", "for", "a", "an", "the", "re", "if", "i", "i'm", "we", "know", "is", "are",
         "subject", "cc", "copy", "regarding", "let", "tell", "ask", "say", "off", "up",
         "back"}  # fmt: skip
_PRONOUNS = {"her", "him", "them"}
# Words that stand where a person would but name none ("email everyone", "text it to..."):
# the planner does not guess a recipient for them.
_NOBODY = {"everyone", "everybody", "all", "anyone", "anybody", "someone", "somebody", "people",
           "it", "this", "that", "them all", "each"}  # fmt: skip
_EMAIL = re.compile(r"^[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"^\+?[\d(][\d\s().-]{6,}\d")
_WORD = re.compile(r"[^\s,:;!?\"“”]+")


def _strip_quotes(text: str) -> str:
    text = text.strip()
    pairs = {'"': '"', "'": "'", "“": "”", "‘": "’"}
    if len(text) >= 2 and text[0] in pairs and text.endswith(pairs[text[0]]):
        return text[1:-1].strip()
    return text


@dataclass
class Found:
    """A person found at the start of some words: the argument, and the words it used."""

    value: Person | Clarification
    mention: str
    rest: str


class Reader:
    """One request being read: the context, the people met so far, what was assumed."""

    def __init__(self, context: PlanContext) -> None:
        self.context = context
        self.now = context.now.astimezone(ZoneInfo(context.time_zone))
        self.last_person: Person | None = None
        self.assumed = False

    # --- people -------------------------------------------------------------------------

    def person(self, text: str) -> Found | None:
        """The person named at the start of ``text`` ("Alice Smith that..." → Alice)."""
        text = text.lstrip()
        if match := _EMAIL.match(text):
            return self._found(match.group(0), text[match.end() :])
        if (match := _PHONE.match(text)) and looks_like_phone(match.group(0)):
            return self._found(match.group(0).strip(), text[match.end() :])
        words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)][:5]
        if not words:
            return None
        first = words[0][0].casefold()
        if first in _NOBODY:
            return None
        if first in _PRONOUNS and self.last_person is not None:
            return Found(self.last_person, words[0][0], text[words[0][2] :])
        if first in {"me", "myself"}:
            return Found("me", words[0][0], text[words[0][2] :])
        if first in {"my", "the"} and len(words) > 1:  # "my mom", "the doctor"
            words = words[1:]
        taken, matches = self._name_match(words)
        if taken == 0:
            taken = self._unknown_length(words)
            if taken == 0:
                return None
        mention = text[words[0][1] : words[taken - 1][2]]
        mention = re.sub(r"['’]s$", "", mention)
        rest = text[words[taken - 1][2] :]
        answer = self.context.answers.get(mention.strip().casefold())
        if len(matches) == 1 and answer is None:
            self.last_person = matches[0]
            return Found(matches[0], mention, rest)
        if len(matches) > 1 and answer is None:
            choices = contacts_for_team(team=self.context.team).filter(pk__in=matches)
            return Found(person_question(mention, list(choices.order_by("name"))), mention, rest)
        return self._found(mention, rest)

    def _found(self, mention: str, rest: str) -> Found:
        value = person_resolve(self.context, mention)
        if not isinstance(value, Clarification):
            self.last_person = value
        return Found(value, mention, rest)

    def _name_match(self, words: list[tuple[str, int, int]]) -> tuple[int, list[int]]:
        """How many leading words name a contact, and the ids of the contacts they name best
        (the longest match wins: "Alex Chen" beats "Alex"); (0, []) when none do."""
        plain = [re.sub(r"['’]s$", "", w).strip(".").casefold() for w, _, _ in words]
        start = 1 if plain and plain[0] in HONORIFICS else 0
        if start >= len(plain) or plain[start] in _STOP or len(plain[start]) < 2:
            return 0, []
        key = plain[start]
        if key.endswith("s") and len(key) > 3:  # "bobs cell": a possessive typed without '
            key = key[:-1]
        candidates = Contact.objects.for_team(self.context.team).filter(
            Q(name__icontains=key) | Q(nickname__icontains=key)
        )
        best, matches = 0, []
        for pk, name, nickname in candidates.values_list("pk", "name", "nickname"):
            names = {w.strip(".").casefold() for w in name.split()}
            names |= {f"{w}s" for w in names}  # "bobs", "alices"
            nick = [w.strip(".").casefold() for w in (nickname or "").split()]
            count = start
            while count < len(plain) and plain[count] in names:
                count += 1
            if nick and plain[: len(nick)] == nick:
                count = max(count, len(nick))
            if count > start and count >= best:
                matches = [*matches, pk] if count == best else [pk]
                best = count
        return best, matches

    @staticmethod
    def _unknown_length(words: list[tuple[str, int, int]]) -> int:
        """The words an unknown person probably used: capitalised ones ("Mr. Nobody"), or one."""
        count = 0
        for word, _, _ in words[:3]:
            bare = word.strip(".").casefold()
            if bare in _STOP or (count and not word[0].isupper()):
                break
            count += 1
            if not word[0].isupper() and bare not in HONORIFICS:
                break
        return count

    def people(self, text: str) -> tuple[list[Found], str]:
        """Several people joined by "and" or commas ("Alice and Bob about...")."""
        found: list[Found] = []
        rest = text
        while (person := self.person(rest)) is not None:
            found.append(person)
            rest = person.rest
            joined = re.match(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)(?!cc\b)", rest, re.I)
            if not joined:
                break
            following = rest[joined.end() :]
            after = self.person(following)
            if after is None or (
                isinstance(after.value, Clarification) and not following[:1].isupper()
            ):
                break  # "email carol and let her know...": a new part, not a new person
            rest = following
        return found, rest

    # --- times --------------------------------------------------------------------------

    def when(self, text: str) -> tuple[When, str]:
        when = when_find(text, self.now)
        if when.found and when.assumed_time and not when.rrule:
            self.assumed = True
        return when, text_without(text, when.spans)

    def iso(self, moment: datetime) -> str:
        return moment.isoformat(timespec="minutes") if moment.second == 0 else moment.isoformat()


Intent = Callable[[Reader, str], "ProposedCall | Clarification | None"]


def _call(tool: str, reader: Reader, why: str, **args: Any) -> ProposedCall:
    clean = {k: v for k, v in args.items() if v not in (None, "", [])}
    return ProposedCall(tool, clean, ASSUMED if reader.assumed else SURE, why)


def _message_after(rest: str) -> str:
    connector = _CONNECTOR.match(rest)
    body = rest[connector.end() :] if connector else rest
    return _strip_quotes(body.strip())


def _first_unresolved(found: list[Found]) -> Clarification | None:
    return next((f.value for f in found if isinstance(f.value, Clarification)), None)


# --- communications -------------------------------------------------------------------------

_SMS = re.compile(
    r"^(?:(?:send\s+|shoot\s+|fire\s+off\s+)?(?:an?\s+)?(?:quick\s+)?(?:text|txt|sms)"
    r"(?:\s+message)?|message|tell|let|ping)\s+(?:to\s+)?",
    re.I,
)
_SMS_SEND_TO = re.compile(r"^(?:send|shoot|drop)\s+", re.I)
_A_TEXT = re.compile(r"^\s*(?:an?\s+)?(?:quick\s+)?(?:text|sms|message|txt)\b", re.I)


def _sms(reader: Reader, clause: str) -> ProposedCall | Clarification | None:
    verb = _SMS.match(clause)
    if verb:
        found = reader.person(clause[verb.end() :])
        if found is None:
            return None
        rest = found.rest
        if verb.group(0).casefold().startswith("let"):
            know = re.match(r"^\s*know\b", rest, re.I)
            if not know:
                return None
            rest = rest[know.end() :]
    else:
        send = _SMS_SEND_TO.match(clause)
        found = reader.person(clause[send.end() :]) if send else None
        if found is None or not (text := _A_TEXT.match(found.rest)):
            return None
        rest = found.rest[text.end() :]
    if isinstance(found.value, Clarification):
        return found.value
    body = _message_after(rest)
    if not body or found.value == "me":
        return None
    return _call("send_sms", reader, "A text to send.", to=found.value, body=body)


_EMAIL_VERB = re.compile(
    r"^(?:(?:send|write|shoot|drop|fire\s+off)\s+(?:an?\s+)?(?:quick\s+)?e-?mail\s+to|e-?mail|"
    r"write\s+(?:an?\s+e-?mail\s+)?to|write)\s+",
    re.I,
)
_EMAIL_SEND_TO = re.compile(r"^(?:send|drop|shoot|write)\s+", re.I)
_AN_EMAIL = re.compile(r"^\s*(?:an?\s+)?(?:quick\s+)?(?:e-?mail|note)\b", re.I)
_SUBJECT = re.compile(
    r"^\s*(?:,\s*)?(?:with\s+(?:the\s+)?subject(?:\s+line)?|subject(?:\s+line)?|re)\s*:?\s*"
    r"(?P<q>[\"“'])(?P<quoted>.+?)[\"”']|"
    r"^\s*(?:,\s*)?(?:with\s+(?:the\s+)?subject(?:\s+line)?|subject(?:\s+line)?|re|about|regarding)"
    r"\s*:?\s+(?P<plain>.+?)(?=\s*(?:[,:]\s*|\s+)(?:saying|that|(?:and\s+|to\s+)?(?:say|tell\s+"
    r"(?:her|him|them)|let\s+(?:her|him|them)\s+know)|with\s+the\s+message)\b|\s*:\s|$)",
    re.I,
)


def _email(reader: Reader, clause: str) -> ProposedCall | Clarification | None:
    verb = _EMAIL_VERB.match(clause)
    if verb:
        to, rest = reader.people(clause[verb.end() :])
    else:
        send = _EMAIL_SEND_TO.match(clause)
        to, rest = reader.people(clause[send.end() :]) if send else ([], "")
        if not to or not (mail := _AN_EMAIL.match(rest)):
            return None
        rest = rest[mail.end() :]
    if not to:
        return None
    cc: list[Found] = []
    copy = re.match(r"^\s*(?:,\s*)?(?:and\s+)?(?:cc|copy|copying|cc'ing)\s+", rest, re.I)
    if copy:
        cc, rest = reader.people(rest[copy.end() :])
    if unresolved := _first_unresolved(to + cc):
        return unresolved
    subject = ""
    if match := _SUBJECT.match(rest):
        subject = (match.group("quoted") or match.group("plain") or "").strip()
        rest = rest[match.end() :]
    body = _message_after(rest)
    if not body and not subject:
        return None
    body = body or subject
    subject = subject or _subject_from(body)
    return _call(
        "send_email", reader, "An email to send.",
        to=[f.value for f in to], cc=[f.value for f in cc], subject=subject, body=body,
    )  # fmt: skip


def _subject_from(body: str) -> str:
    """A subject from the body's first sentence: at most 60 characters, first letter capital."""
    first = re.split(r"(?<=[.!?])\s", body, maxsplit=1)[0].rstrip(".!")
    if len(first) > 60:
        first = first[:60].rsplit(" ", 1)[0] + "…"
    return first[:1].upper() + first[1:]


_CALL = re.compile(r"^(?:call|phone|ring|give|get)\s+", re.I)


def _make_call(reader: Reader, clause: str) -> ProposedCall | Clarification | None:
    verb = _CALL.match(clause)
    if not verb:
        return None
    found = reader.person(clause[verb.end() :])
    if found is None:
        return None
    rest = found.rest
    if verb.group(0).casefold().startswith(("give", "get")):
        call = re.match(r"^\s*(?:a\s+(?:call|ring)|on\s+the\s+(?:phone|line))\b", rest, re.I)
        if not call:
            return None
        rest = rest[call.end() :]
    if isinstance(found.value, Clarification):
        return found.value
    connector = _CONNECTOR.match(rest)
    if not connector or found.value == "me":
        return None
    message = _strip_quotes(rest[connector.end() :])
    collect = bool(re.match(r"^\s*(?:,\s*)?and\s+ask\b", rest, re.I))
    return _call(
        "make_call", reader, "A call that speaks a message.", to=found.value, message=message,
        collect_reply=True if collect else None,
    )  # fmt: skip


# --- reminders, to-dos, notes, promises -----------------------------------------------------

_REMIND = re.compile(
    r"^(?:(?P<who>remind)\s+|(?:set|add|create|make|i\s+need|i\s+want|i'd\s+like)\s+(?:up\s+)?"
    r"(?:a\s+|me\s+a\s+)?reminder\s+"
    r"(?:for\s+me\s+)?|(?:don'?t|do\s+not)\s+let\s+me\s+forget\s+)",
    re.I,
)


def _reminder(reader: Reader, clause: str) -> ProposedCall | Clarification | None:
    verb = _REMIND.match(clause)
    if not verb:
        return None
    rest = clause[verb.end() :]
    target: Person = "me"
    if verb.group("who"):
        found = reader.person(rest)
        if found is None:
            return None
        if isinstance(found.value, Clarification):
            return found.value
        target, rest = found.value, found.rest
    when, rest = reader.when(rest)
    rest = re.sub(r"^\s*(?:for\s+)?(?:to|that|about|of|:)\s+|^\s*:\s*", "", rest, flags=re.I)
    text = _strip_quotes(re.sub(r"\s+(?:to|at|on|by)$", "", rest.strip(" ,")))
    due = when_instant(when, reader.now)
    if not text or due is None:
        return None
    return _call(
        "create_reminder", reader, "A reminder at the time asked.", text=text,
        due_at=reader.iso(due), recurrence=when.rrule or None,
        target=None if target == "me" else target,
    )  # fmt: skip


_TODO = [
    re.compile(r"^(?:add|create|make|i\s+need|i\s+want|i'd\s+like)\s+(?:a\s+|an\s+)?(?:new\s+)?"
               r"(?:task|to[- ]?do)"
               r"(?:\s+item)?\s*(?:for\s+me\s+to|to|for|:|-)?\s+(?P<title>.+)$", re.I),
    re.compile(r"^(?:add|put)\s+(?P<title>.+?)\s+(?:to|on)\s+(?:my|our|the)\s+(?:to[- ]?do\s*list|"
               r"to[- ]?dos|list|tasks?(?:\s+list)?)$", re.I),
    re.compile(r"^(?:new\s+)?(?:to[- ]?do|task)\s*:\s*(?P<title>.+)$", re.I),
    re.compile(r"^(?:new\s+(?:to[- ]?do|task)|to[- ]?do)\s*-?\s+(?P<title>.+)$", re.I),
]  # fmt: skip


def _todo(reader: Reader, clause: str) -> ProposedCall | None:
    for pattern in _TODO:
        if match := pattern.match(clause):
            title = match.group("title")
            when, title = reader.when(title)
            due = when_instant(when, reader.now) if when.found else None
            title = _strip_quotes(re.sub(r"\s+(?:by|on|at|before|due)$", "", title.strip(" ,")))
            return _call(
                "create_task", reader, "A to-do for the team.", title=title,
                due_at=reader.iso(due) if due else None,
            )  # fmt: skip
    return None


_NOTE = re.compile(
    r"^(?:remember|note|make\s+a\s+note|jot\s+down|keep\s+in\s+mind)\s*(?:that|:|-)?\s+(?P<fact>.+)$",
    re.I,
)


def _note(reader: Reader, clause: str) -> ProposedCall | Clarification | None:
    match = _NOTE.match(clause)
    if not match:
        return None
    fact = match.group("fact").strip()
    found = reader.person(fact)
    if found is None or found.value == "me":
        return None
    if isinstance(found.value, Clarification):
        return found.value
    return _call(
        "remember", reader, "A fact about a contact.", contact=found.value,
        fact=fact.rstrip(".") if fact.endswith(".") and not fact.endswith("..") else fact,
    )  # fmt: skip


_WE_OWE = re.compile(
    r"^i\s+(?:promised|told)\s+(?P<rest>.+)$|^i\s+owe\s+(?P<owe>.+)$", re.I
)  # fmt: skip
_WHAT_LEAD = re.compile(
    r"^\s*(?:that\s+)?(?:i'd|i’d|id|i\s+would|i'll|i’ll|ill|i\s+will|to)\s+", re.I
)


def _promise(reader: Reader, clause: str) -> ProposedCall | Clarification | None:
    direction = "we_owe"
    if match := _WE_OWE.match(clause):
        found = reader.person(match.group("rest") or match.group("owe"))
        if found is None:
            return None
        what = found.rest
        if match.group("rest") and not _WHAT_LEAD.match(what):
            return None
    else:
        found = reader.person(clause)
        if found is None:
            return None
        they = re.match(
            r"^\s*(?:promised(?:\s+me)?(?:\s+(?:that\s+)?(?:she|he|they)(?:'d|’d|\s+would))?|"
            r"said\s+(?:she|he|they)(?:'d|’d|\s+would)|(?:still\s+|also\s+)?owes\s+me)\s+",
            found.rest,
            re.I,
        )
        if not they:
            return None
        direction, what = "they_owe", found.rest[they.end() :]
    if isinstance(found.value, Clarification):
        return found.value
    if found.value == "me":
        return None
    what = _WHAT_LEAD.sub("", what, count=1)
    when, what = reader.when(what)
    due = when_instant(when, reader.now) if when.found else None
    what = re.sub(r"\s+(?:by|on|before)$", "", what.strip(" ,.")).strip()
    if not what:
        return None
    return _call(
        "record_commitment", reader, "A promise to keep track of.", contact=found.value,
        direction=direction, what=what, due_at=reader.iso(due) if due else None,
    )  # fmt: skip


# --- calendar -------------------------------------------------------------------------------

_MEETING = re.compile(
    r"^(?:book|schedule|set\s+up|arrange|organi[sz]e|put|add|create|plan|i\s+need|i'd\s+like|"
    r"i\s+want|get\s+me|set)\s+(?:me\s+)?(?:an?\s+)?"
    r"(?P<kind>.*?)\b(?:meeting|call|catch-?up|appointment|session|lunch|coffee|sync|1:1|"
    r"one-on-one|chat)\b\s*(?P<rest>.*)$",
    re.I,
)
_BLOCK = re.compile(
    r"^(?:block\s+(?:off\s+|out\s+)?|(?:book|schedule|reserve|hold|set\s+aside|put)\s+(?:me\s+)?"
    r"(?=(?:an?|half|one|two|three|\d+)[\s-]+(?:an\s+)?(?:hours?|hrs?|minutes?|mins?)\b))"
    r"(?P<rest>.+)$",
    re.I,
)
_TITLE = re.compile(
    r"\b(?:about|to\s+discuss|to\s+go\s+over|to\s+talk\s+about|to\s+review|regarding|re:|called|"
    r"(?:and\s+)?call\s+it|titled|named|for)\s+(?P<title>.+)$",
    re.I,
)


def _meeting(reader: Reader, clause: str) -> ProposedCall | Clarification | None:
    match = _MEETING.match(clause) or _BLOCK.match(clause)
    if not match:
        return None
    rest = match.group("rest")
    when, rest = reader.when(rest)
    if "kind" in match.groupdict():
        when_kind, _ = reader.when(match.group("kind"))
        when.duration_minutes = when.duration_minutes or when_kind.duration_minutes
    rest = re.sub(r"\s+on\s+(?:my|the)\s+calendar\b", "", rest, flags=re.I)
    found: list[Found] = []
    with_people = re.match(r"^\s*with\s+", rest, re.I)
    if with_people:
        found, rest = reader.people(rest[with_people.end() :])
        if unresolved := _first_unresolved(found):
            return unresolved
    start = when_instant(when, reader.now)
    if start is None:
        return None
    title_match = _TITLE.search(rest)
    title = _strip_quotes(title_match.group("title").strip(" ,.")) if title_match else ""
    if not title and not found:  # time for oneself: "hold 90 minutes to prep the deck"
        title = _strip_quotes(re.sub(r"^\s*(?:to|for)\s+", "", rest, flags=re.I).strip(" ,."))
    if not title:
        if not found:
            return None
        people = [f.value for f in found]
        names = contact_names(team=reader.context.team, values=people)
        title = "Meeting with " + " and ".join(names.get(p, str(p)) for p in people)
    return _call(
        "create_calendar_event", reader, "Time to book.", title=title,
        start=reader.iso(start), duration_minutes=when.duration_minutes or 30,
        attendees=[f.value for f in found],
    )  # fmt: skip


_MOVE = re.compile(
    r"^(?:move|reschedule|push|shift|change|bump|slide)\s+(?:back\s+)?(?:my\s+|the\s+|our\s+)?"
    r"(?P<event>.+?)"
    r"\s+(?:back\s+)?(?:to|until|till)\s+(?P<when>.+)$",
    re.I,
)
_CANCEL = re.compile(
    r"^(?P<quietly>(?:quietly|silently)\s+)?(?:cancel|call\s+off|scrap|drop|skip)\s+"
    r"(?P<det>my\s+|the\s+|our\s+|tomorrow'?s\s+|today'?s\s+)?(?P<event>.+)$",
    re.I,
)
_QUIET = re.compile(
    r"[,\s]+(?:without\s+telling\s+(?:her|him|them|anyone|anybody)|quietly|silently|(?:and\s+|but\s+)?"
    r"(?:don'?t|do\s+not)\s+(?:tell|notify)\s+(?:her|him|them|anyone|anybody))\b\.?",
    re.I,
)


def _reschedule(reader: Reader, clause: str) -> ProposedCall | None:
    match = _MOVE.match(clause)
    if not match:
        return None
    moment = match.group("when")
    if re.fullmatch(r"\s*\d{1,2}(?::\d{2})?\s*[.!]?", moment):  # "push it to 4"
        moment = f"at {moment.strip(' .!')}"
    when, _ = reader.when(moment)
    start = when_instant(when, reader.now)
    if start is None:
        return None
    _remember_who(reader, match.group("event"))
    return _call(
        "reschedule_calendar_event", reader, "An event to move.", event=match.group("event"),
        new_start=reader.iso(start),
    )  # fmt: skip


def _remember_who(reader: Reader, event: str) -> None:
    """An event "with Tom" makes Tom the person a following "him" means."""
    if with_person := re.search(r"\bwith\s+(?=\S)", event, re.I):
        found = reader.person(event[with_person.end() :])
        if found is not None and not isinstance(found.value, Clarification):
            reader.last_person = found.value


def _cancel(reader: Reader, clause: str) -> ProposedCall | None:
    match = _CANCEL.match(clause)
    if not match:
        return None
    event = match.group("event")
    quiet = _QUIET.search(event)
    if quiet:
        event = event[: quiet.start()] + event[quiet.end() :]
    _, event = reader.when(event)
    event = event.strip(" ,.")
    if not event or (
        not match.group("det")  # "cancel my/the ..." names an event; "cancel everything" not
        and not re.search(
            r"\b(?:meeting|call|appointment|lunch|dinner|coffee|sync|event|session|catch-?up|"
            r"1:1|review|interview|standup|\d|am|pm)\b",
            event,
            re.I,
        )
    ):
        return None
    _remember_who(reader, event)
    return _call(
        "cancel_calendar_event", reader, "An event to cancel.", event=event,
        notify_attendees=quiet is None and not match.group("quietly"),
    )  # fmt: skip


_FREE = re.compile(
    r"^(?:am\s+i|are\s+we|is\s+my\s+calendar)\s+(?:free|available|busy|open)\b|"
    r"^do\s+i\s+have\s+(?:anything|any\s+meetings|something|plans|time)\b|"
    r"^(?:check|is)\s+(?:my\s+)?(?:availability|calendar\s+free)\b|"
    r"^is\s+(?:my\s+)?(?:\S+\s+){1,3}(?:still\s+)?(?:open|free|clear|available)\b",
    re.I,
)
_AGENDA = re.compile(
    r"^(?:what's|whats|what\s+is|what\s+do\s+i\s+have)\s+(?:on\s+)?(?:my\s+)?(?:calendar|schedule|"
    r"agenda|plate)\b|^what\s+do\s+i\s+have\b|"
    r"^what\s+(?:meetings|events|appointments)\s+(?:do\s+i\s+have|are\s+there)|"
    r"^(?:show|list|give|pull\s+up|open|check)\s+(?:me\s+)?(?:my\s+)?(?:agenda|calendar|schedule|"
    r"meetings|events)|"
    r"^(?:what's|whats|what\s+is|what\s+does|how\s+does)\s+(?:my\s+)?(?:\S+\s+){0,2}look\s+like\b",
    re.I,
)
_SLOTS = re.compile(
    r"^(?:find|suggest|propose|look\s+for|get|give)\s+(?:me\s+|us\s+)?(?:an?\s+|some\s+)?"
    r"(?:good\s+)?(?:free\s+)?(?:time|slot|window|opening|gap|hour|half\s+hour|\d+\s*(?:minutes?|"
    r"mins?))\b|^when\s+(?:can|could)\s+(?:i|we)\s+"
    r"(?:meet|see|talk\s+to|catch\s+up\s+with|grab|get|find|have|do)\b|"
    r"^(?:find|suggest)\s+(?:me\s+|us\s+)?(?:an?\s+)?\S+[- ](?:minute|min|hour)\s+"
    r"(?:slot|window|gap)",
    re.I,
)


def _availability(reader: Reader, clause: str) -> ProposedCall | Clarification | None:
    if _SLOTS.match(clause):
        when, rest = reader.when(clause)
        window = when_range(when, reader.now, kind="window")
        if window is None or not when.duration_minutes:
            if window is None:
                return None
            when.duration_minutes = 60 if re.search(r"\bhour\b", clause, re.I) else 30
        found: list[Found] = []
        with_people = re.search(r"\b(?:with|meet|see|to)\s+(?=\S)", rest, re.I) or re.search(
            r"(?<=.)\bwhen\s+(?=\S)",
            rest,
            re.I,  # "find an hour when Tom and Alice are free"
        )
        if with_people:
            found, _ = reader.people(rest[with_people.end() :])
            if unresolved := _first_unresolved(found):
                return unresolved
        return _call(
            "find_free_slots", reader, "Free time to find.",
            duration_minutes=when.duration_minutes, window_start=reader.iso(window[0]),
            window_end=reader.iso(window[1]), attendees=[f.value for f in found],
        )  # fmt: skip
    for pattern, tool, kind in ((_FREE, "check_availability", "free"),
                                (_AGENDA, "list_events", "day")):  # fmt: skip
        if pattern.match(clause):
            when, _ = reader.when(clause)
            span = when_range(when, reader.now, kind=kind)
            if span is None and kind == "day":  # "what does my day look like": today
                span = when_range(when_find("today", reader.now), reader.now, kind=kind)
            if span is None:
                return None
            return _call(tool, reader, "A look at the calendar.", start=reader.iso(span[0]),
                         end=reader.iso(span[1]))  # fmt: skip
    return None


# --- look-ups -------------------------------------------------------------------------------

_LOOKUP = re.compile(
    r"^(?:what(?:'s|’s|\s+is)|whats|give\s+me|get\s+me|send\s+me|find|look\s+up|lookup|search\s+for|"
    r"who\s+is|who's|who’s|do\s+(?:i|we)\s+have|pull\s+up)\s+(?:the\s+)?(?:contact\s+(?:for\s+)?)?"
    r"(?P<rest>.+?)[?.!]*$",
    re.I,
)
_FIELD = re.compile(
    r"^\s*(?:['’]s?\s+|\s*)(?:(?:phone|cell|mobile)\s*)?(?:number|phone|email(?:\s+address)?|"
    r"address|contact(?:\s+(?:info|details|card))?|details|info|cell|mobile)\b",
    re.I,
)
_FIELD_FIRST = re.compile(
    r"^(?:do\s+(?:i|we)\s+have|what(?:'s|’s|s|\s+is)|get\s+me|give\s+me|find|send\s+me)\s+"
    r"(?:an?\s+|the\s+)?(?:(?:phone|cell|mobile)\s+)?(?:number|phone|email(?:\s+address)?|address|"
    r"cell|contact\s+(?:info|details))\s+(?:for|of)\s+(?P<rest>.+?)[?.!]*$",
    re.I,
)


def _lookup(reader: Reader, clause: str) -> ProposedCall | None:
    field_first = _FIELD_FIRST.match(clause)
    match = field_first or _LOOKUP.match(clause)
    if not match:
        return None
    rest = match.group("rest")
    found = reader.person(rest)
    if found is None or found.value == "me":
        return None
    explicit = field_first or re.match(r"^(?:look\s+up|lookup|who)", clause, re.I)
    if isinstance(found.value, Clarification) and not found.value.choices and not explicit:
        return None  # "what's the meaning of life" is not a person
    if not _FIELD.match(found.rest) and found.rest.strip(" ?.!") and not explicit:
        return None
    return _call("lookup_contact", reader, "A contact to find.", query=found.mention)


# --- the planner ----------------------------------------------------------------------------

_ASK_INSIDE = re.compile(
    rf"(?<=\S)\s*,?\s+(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?|please\s+)"
    rf"(?=(?:{_COMMANDS})\b)",
    re.I,
)
_WE_MEET = re.compile(
    r"^(?P<people>.+?)\s+and\s+i\s+(?:need|want|have|should|must)\s+to\s+(?:meet|talk|catch\s+up|"
    r"sync|get\s+together)\b(?P<rest>.*?)(?:[,.]?\s+(?:can|could|would)\s+you\s+(?:please\s+)?"
    r"(?:book|schedule|set\s+up|arrange)\s+(?:it|that|this))?[.!?]*$",
    re.I,
)


def _we_meet(reader: Reader, clause: str) -> ProposedCall | Clarification | None:
    """ "Dan and I need to meet tomorrow at 11": a meeting with Dan."""
    match = _WE_MEET.match(clause)
    if not match:
        return None
    return _meeting(reader, f"book a meeting with {match.group('people')} {match.group('rest')}")


INTENTS: list[Intent] = [
    _reminder, _note, _promise, _todo, _email, _reschedule, _cancel, _make_call, _sms,
    _availability, _meeting, _we_meet, _lookup,
]  # fmt: skip

NOT_UNDERSTOOD = (
    'I could not tell what to do. Try something like "Text Alice that I\'m running late", '
    '"Remind me tomorrow at 9 to call the bank" or "Book 30 minutes with Bob on Friday at 2pm".'
)


_REMEMBER_AFTER = re.compile(
    r"^(?P<fact>.+?)[,;.]?\s+(?:please\s+)?(?:remember|note|make\s+a\s+note\s+of|keep)\s+"
    r"(?:that|this)(?:\s+in\s+mind)?[.!]*$",
    re.I,
)


def clauses_split(text: str) -> list[str]:
    """The commands in one request, in the order they were given."""
    text = re.sub(r"\s+", " ", text).strip()
    if re.match(r"^(?:can|could|would|will)\s+you\b", text, re.I):  # a request, not a question
        text = text.rstrip("?").rstrip()
    if after := _REMEMBER_AFTER.match(text):  # "Alice likes tea, remember that"
        text = f"remember that {after.group('fact')}"
    parts = [p for p in _SPLIT.split(text) if p and p.strip()]
    cleaned = []
    for part in parts:
        part = _TRAILING_POLITE.sub("", _POLITE.sub("", part.strip())).strip()
        if part:
            cleaned.append(part)
    return cleaned


class OfflinePlanner:
    name = "offline"

    def plan(self, context: PlanContext) -> Plan:
        if context.revision is not None:
            return self._revise(context)
        reader = Reader(context)
        calls: list[ProposedCall] = []
        missed: list[str] = []
        for clause in clauses_split(context.text):
            outcome = self._read(reader, clause)
            if isinstance(outcome, Clarification):
                return Plan(clarification=outcome, planner=self.name)
            if outcome is None:
                missed.append(clause)
            else:
                calls.append(outcome)
        if not calls:
            return Plan(message=NOT_UNDERSTOOD, planner=self.name)
        events = []
        if missed:
            calls = [ProposedCall(c.tool, c.args, min(c.confidence, 0.7), c.rationale)
                     for c in calls]  # fmt: skip
            events.append(PlanEvent(kind="planner", payload={"not_understood": missed}))
        message = (
            f"Not understood: {'; '.join(repr(m) for m in missed)}." if missed else ""
        )  # fmt: skip
        return Plan(calls=calls, message=message, planner=self.name, events=events)

    @classmethod
    def _read(cls, reader: Reader, clause: str) -> ProposedCall | Clarification | None:
        reader.assumed = False
        for intent in INTENTS:
            outcome = intent(reader, clause)
            if outcome is not None:
                return outcome
        preamble = _ASK_INSIDE.search(clause)
        if preamble and preamble.end() < len(clause):  # "i keep forgetting, can you remind me"
            return cls._read(reader, clause[preamble.end() :])
        leading = when_find(clause, reader.now).spans
        first = min(leading, default=(1, 1))
        if first[0] == 0 and first[1] < len(clause):  # "in an hour remind me to...": try the
            moved = f"{clause[first[1] :].lstrip(' ,')} {clause[: first[1]]}"  # time at the end
            return cls._read(reader, moved)
        return None

    def _revise(self, context: PlanContext) -> Plan:
        """Apply an approver's feedback to one proposed call: new words, person or time.

        "say X" / "change it to X" replaces the words; "send it to X instead" the person;
        "make it / move it to <time>" the time; a whole new request for the same tool
        replaces its arguments. Anything else is not understood.
        """
        revision = context.revision
        assert revision is not None
        reader = Reader(context)
        args = dict(revision.args)
        feedback = _POLITE.sub("", revision.feedback.strip()).strip()
        words_field = next(
            (f for f in ("body", "message", "text", "title", "fact", "what") if f in args), None
        )
        person_field = next((f for f in ("to", "contact", "target") if f in args), None)
        time_field = next((f for f in ("due_at", "start", "new_start") if f in args), None)
        changed = False
        if words_field and (
            match := re.match(
                r"^(?:(?:just\s+)?say|(?:change|make)\s+(?:it|the\s+(?:text|message|body|words|"
                r"wording))\s+(?:to\s+)?(?:say\s+)?|(?:it|the\s+message)\s+should\s+say|reword\s+"
                r"(?:it\s+)?(?:to|as))\s*:?\s+(?P<words>.+)$",
                feedback,
                re.I,
            )
        ):
            args[words_field] = _strip_quotes(match.group("words"))
            changed = True
        elif person_field and (
            match := re.match(
                r"^(?:send\s+(?:it\s+)?to|(?:no,?\s+)?(?:it's|it\s+is)\s+for|to)\s+(?P<who>.+?)"
                r"(?:\s+instead)?\.?$",
                feedback,
                re.I,
            )
        ):
            found = reader.person(match.group("who"))
            if found is None:
                return Plan(message="I could not tell who it should go to.", planner=self.name)
            if isinstance(found.value, Clarification):
                return Plan(clarification=found.value, planner=self.name)
            args[person_field] = [found.value] if isinstance(args[person_field], list) else (
                found.value
            )  # fmt: skip
            changed = True
        elif time_field:
            when, _ = reader.when(feedback)
            moment = when_instant(when, reader.now) if when.found else None
            if moment is not None:
                args[time_field] = reader.iso(moment)
                changed = True
        if not changed:
            fresh = self.plan(
                PlanContext(
                    team=context.team,
                    user=context.user,
                    text=feedback,
                    now=context.now,
                    time_zone=context.time_zone,
                    answers=context.answers,
                )
            )
            same = [c for c in fresh.calls if c.tool == revision.tool]
            if fresh.clarification:
                return fresh
            if not same:
                return Plan(
                    message="I could not tell what to change. Say what the new words, person "
                    'or time should be, like "say I\'ll be there at 4pm".',
                    planner=self.name,
                )
            args = {**args, **same[0].args}
        return Plan(
            calls=[ProposedCall(revision.tool, args, SURE, f"Revised: {revision.feedback}")],
            planner=self.name,
        )
