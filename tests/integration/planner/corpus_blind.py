"""Held-out requests, written blind: phrased the way a principal and their team type or
dictate on a phone (lowercase, no punctuation, sometimes long-winded).

Same format and conventions as ``corpus.py`` (same NOW, ZONE and CONTACTS). Only the
arguments that follow from the product's rules are given; the rest are left out on purpose.
There are no cases taken from corpus.py: this set measures how well the planner generalises.
"""

from __future__ import annotations

from tests.integration.planner.corpus import CONTACTS, NOW, ZONE

__all__ = ["CASES", "CONTACTS", "NOW", "ZONE"]

CASES = [
    # ------------------------------------------------------------------ sms
    {
        "text": "text alice i am stuck on the bridge be there in twenty",
        "tags": ["sms", "blind"],
        "calls": [
            {
                "tool": "send_sms",
                "args": {"to": "@alice", "body": "i am stuck on the bridge be there in twenty"},
            }
        ],
    },
    {
        "text": "can you text bob and tell him the truck is here",
        "tags": ["sms", "blind"],
        "calls": [{"tool": "send_sms", "args": {"to": "@bob", "body": "the truck is here"}}],
    },
    {
        "text": "could you let my mom know i got home safe",
        "tags": ["sms", "blind"],
        "calls": [{"tool": "send_sms", "args": {"to": "@mom", "body": "i got home safe"}}],
    },
    {
        "text": "send tom a message saying the printer on the third floor is fixed",
        "tags": ["sms", "blind"],
        "calls": [
            {
                "tool": "send_sms",
                "args": {"to": "@tom", "body": "the printer on the third floor is fixed"},
            }
        ],
    },
    {
        "text": "hey shoot a text to dan that the contracts went out this morning",
        "tags": ["sms", "blind"],
        "calls": [
            {
                "tool": "send_sms",
                "args": {"to": "@dan", "body": "the contracts went out this morning"},
            }
        ],
    },
    {
        "text": "message dr patel that my mother can come in at four",
        "tags": ["sms", "blind"],
        "calls": [
            {"tool": "send_sms", "args": {"to": "@patel", "body": "my mother can come in at four"}}
        ],
    },
    {
        "text": "text priya patel to say the forms are in her inbox",
        "tags": ["sms", "blind"],
        "calls": [
            {"tool": "send_sms", "args": {"to": "@patel", "body": "the forms are in her inbox"}}
        ],
    },
    {
        "text": "text alex chen the wifi password is taped to the fridge",
        "tags": ["sms", "blind"],
        "calls": [
            {
                "tool": "send_sms",
                "args": {"to": "@alex_chen", "body": "the wifi password is taped to the fridge"},
            }
        ],
    },
    {
        "text": "text 415 555 0188 that the side gate is unlocked",
        "tags": ["sms", "new_recipient", "blind"],
        "calls": [
            {
                "tool": "send_sms",
                "args": {"to": "+14155550188", "body": "the side gate is unlocked"},
            }
        ],
    },
    {
        "text": "tell alice thanks for covering for me today",
        "tags": ["sms", "blind"],
        "calls": [
            {
                "tool": "send_sms",
                "args": {"to": "@alice", "body": "thanks for covering for me today"},
            }
        ],
    },
    {
        "text": "ok so can you please text bob and tell him we are going to push the launch "
        "to next week because the vendor is late on the packaging",
        "tags": ["sms", "blind"],
        "calls": [
            {
                "tool": "send_sms",
                "args": {
                    "to": "@bob",
                    "body": "we are going to push the launch to next week because the vendor "
                    "is late on the packaging",
                },
            }
        ],
    },
    {
        "text": "just let tom know that the van is loaded and ready whenever he is",
        "tags": ["sms", "blind"],
        "calls": [
            {
                "tool": "send_sms",
                "args": {"to": "@tom", "body": "the van is loaded and ready whenever he is"},
            }
        ],
    },
    # ---------------------------------------------------------------- email
    {
        "text": "email carol the revised budget is attached",
        "tags": ["email", "blind"],
        "calls": [
            {
                "tool": "send_email",
                "args": {"to": ["@carol"], "body": "the revised budget is attached"},
            }
        ],
    },
    {
        "text": "send an email to bob and alice saying the offsite is moving to the lodge",
        "tags": ["email", "blind"],
        "calls": [
            {
                "tool": "send_email",
                "args": {"to": ["@bob", "@alice"], "body": "the offsite is moving to the lodge"},
            }
        ],
    },
    {
        "text": "email dan subject flight details saying i land at heathrow at seven on friday",
        "tags": ["email", "blind"],
        "calls": [
            {
                "tool": "send_email",
                "args": {
                    "to": ["@dan"],
                    "subject": "flight details",
                    "body": "i land at heathrow at seven on friday",
                },
            }
        ],
    },
    {
        "text": "drop dr patel an email that i would like to move my appointment to the afternoon",
        "tags": ["email", "blind"],
        "calls": [
            {
                "tool": "send_email",
                "args": {
                    "to": ["@patel"],
                    "body": "i would like to move my appointment to the afternoon",
                },
            }
        ],
    },
    {
        "text": "write an email to tom saying the board approved the new hire",
        "tags": ["email", "blind"],
        "calls": [
            {
                "tool": "send_email",
                "args": {"to": ["@tom"], "body": "the board approved the new hire"},
            }
        ],
    },
    {
        "text": "email orders@supplyco.example that we would like a quote for two hundred chairs",
        "tags": ["email", "new_recipient", "blind"],
        "calls": [
            {
                "tool": "send_email",
                "args": {
                    "to": ["orders@supplyco.example"],
                    "body": "we would like a quote for two hundred chairs",
                },
            }
        ],
    },
    {
        "text": "send carol an email copying tom saying the samples shipped today",
        "tags": ["email", "blind"],
        "calls": [
            {
                "tool": "send_email",
                "args": {"to": ["@carol"], "cc": ["@tom"], "body": "the samples shipped today"},
            }
        ],
    },
    {
        "text": "when you get a sec can you send an email to alex rivera saying we need his "
        "comments on the roadmap by the end of the week",
        "tags": ["email", "blind"],
        "calls": [
            {
                "tool": "send_email",
                "args": {
                    "to": ["@alex_rivera"],
                    "body": "we need his comments on the roadmap by the end of the week",
                },
            }
        ],
    },
    # ----------------------------------------------------------------- call
    {
        "text": "need you to call mom and tell her i will pick up the groceries on the way",
        "tags": ["call", "blind"],
        "calls": [
            {
                "tool": "make_call",
                "args": {"to": "@mom", "message": "i will pick up the groceries on the way"},
            }
        ],
    },
    {
        "text": "give bob a call and tell him the alarm is going off at the warehouse",
        "tags": ["call", "blind"],
        "calls": [
            {
                "tool": "make_call",
                "args": {"to": "@bob", "message": "the alarm is going off at the warehouse"},
            }
        ],
    },
    {
        "text": "get dan on the phone and tell him the meeting room is booked",
        "tags": ["call", "blind"],
        "calls": [
            {"tool": "make_call", "args": {"to": "@dan", "message": "the meeting room is booked"}}
        ],
    },
    {
        "text": "call tom and ask him if he can cover the morning shift tomorrow",
        "tags": ["call", "blind"],
        "calls": [{"tool": "make_call", "args": {"to": "@tom", "collect_reply": True}}],
    },
    {
        "text": "call 212 555 0143 and tell them we are running twenty minutes late",
        "tags": ["call", "new_recipient", "blind"],
        "calls": [
            {
                "tool": "make_call",
                "args": {"to": "+12125550143", "message": "we are running twenty minutes late"},
            }
        ],
    },
    # ------------------------------------------------------------ reminders
    {
        "text": "remind me to call the insurance company at 2",
        "tags": ["reminder", "time", "blind"],
        "calls": [
            {
                "tool": "create_reminder",
                "args": {"text": "call the insurance company", "due_at": "2026-11-24T14:00"},
            }
        ],
    },
    {
        "text": "remind me at 9 to send the payroll",
        "tags": ["reminder", "time", "blind"],
        "calls": [
            {
                "tool": "create_reminder",
                "args": {"text": "send the payroll", "due_at": "2026-11-25T09:00"},
            }
        ],
    },
    {
        "text": "remind me tomorrow afternoon to pick up the suits from the tailor",
        "tags": ["reminder", "time", "blind"],
        "calls": [
            {
                "tool": "create_reminder",
                "args": {"text": "pick up the suits from the tailor", "due_at": "2026-11-25T14:00"},
            }
        ],
    },
    {
        "text": "remind me in 20 minutes to move the car",
        "tags": ["reminder", "time", "blind"],
        "calls": [
            {"tool": "create_reminder", "args": {"text": "move the car", "due_at": "now+20m"}}
        ],
    },
    {
        "text": "i need a reminder on thursday evening to buy wine for dinner",
        "tags": ["reminder", "time", "blind"],
        "calls": [
            {
                "tool": "create_reminder",
                "args": {"text": "buy wine for dinner", "due_at": "2026-11-26T18:00"},
            }
        ],
    },
    {
        "text": "remind bob on friday to chase the signed invoice",
        "tags": ["reminder", "time", "blind"],
        "calls": [
            {
                "tool": "create_reminder",
                "args": {
                    "text": "chase the signed invoice",
                    "due_at": "2026-11-27T09:00",
                    "target": "@bob",
                },
            }
        ],
    },
    {
        "text": "remind me every morning to take my blood pressure pills",
        "tags": ["reminder", "recurring", "blind"],
        "calls": [
            {
                "tool": "create_reminder",
                "args": {
                    "text": "take my blood pressure pills",
                    "due_at": "2026-11-25T09:00",
                    "recurrence": "FREQ=DAILY",
                },
            }
        ],
    },
    {
        "text": "hey so i keep forgetting this can you remind me every thursday at 5 to send "
        "the weekly numbers to the finance team",
        "tags": ["reminder", "recurring", "blind"],
        "calls": [
            {
                "tool": "create_reminder",
                "args": {
                    "text": "send the weekly numbers to the finance team",
                    "due_at": "2026-11-26T17:00",
                    "recurrence": "FREQ=WEEKLY;BYDAY=TH",
                },
            }
        ],
    },
    {
        "text": "every weekday at 8 remind me to check the overnight sales",
        "tags": ["reminder", "recurring", "blind"],
        "calls": [
            {
                "tool": "create_reminder",
                "args": {
                    "text": "check the overnight sales",
                    "due_at": "2026-11-25T08:00",
                    "recurrence": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                },
            }
        ],
    },
    {
        "text": "remind me every sunday evening to plan the week",
        "tags": ["reminder", "recurring", "blind"],
        "calls": [
            {
                "tool": "create_reminder",
                "args": {
                    "text": "plan the week",
                    "due_at": "2026-11-29T18:00",
                    "recurrence": "FREQ=WEEKLY;BYDAY=SU",
                },
            }
        ],
    },
    # ------------------------------------------- meetings, reschedule, cancel
    {
        "text": "book lunch with carol on thursday at 12:30",
        "tags": ["meeting", "blind"],
        "calls": [
            {
                "tool": "create_calendar_event",
                "args": {
                    "start": "2026-11-26T12:30",
                    "duration_minutes": 30,
                    "attendees": ["@carol"],
                },
            }
        ],
    },
    {
        "text": "put an hour with bob and tom on the calendar for monday at 10 to go over hiring",
        "tags": ["meeting", "blind"],
        "calls": [
            {
                "tool": "create_calendar_event",
                "args": {
                    "start": "2026-11-30T10:00",
                    "duration_minutes": 60,
                    "attendees": ["@bob", "@tom"],
                },
            }
        ],
    },
    {
        "text": "dan and i need to meet tomorrow at 11 can you book it",
        "tags": ["meeting", "blind"],
        "calls": [
            {
                "tool": "create_calendar_event",
                "args": {
                    "start": "2026-11-25T11:00",
                    "duration_minutes": 30,
                    "attendees": ["@dan"],
                },
            }
        ],
    },
    {
        "text": "block 90 minutes tomorrow morning and call it budget prep",
        "tags": ["meeting", "blind"],
        "calls": [
            {
                "tool": "create_calendar_event",
                "args": {
                    "title": "budget prep",
                    "start": "2026-11-25T09:00",
                    "duration_minutes": 90,
                },
            }
        ],
    },
    {
        "text": "can we push the design review to monday morning",
        "tags": ["reschedule", "blind"],
        "calls": [
            {
                "tool": "reschedule_calendar_event",
                "args": {"event": "design review", "new_start": "2026-11-30T09:00"},
            }
        ],
    },
    {
        "text": "bump my lunch with alice to 1",
        "tags": ["reschedule", "time", "blind"],
        "calls": [
            {
                "tool": "reschedule_calendar_event",
                "args": {"event": "lunch with alice", "new_start": "2026-11-24T13:00"},
            }
        ],
    },
    {
        "text": "scrap the coffee with tom tomorrow",
        "tags": ["cancel", "blind"],
        "calls": [
            {
                "tool": "cancel_calendar_event",
                "args": {"event": "coffee with tom", "notify_attendees": True},
            }
        ],
    },
    {
        "text": "drop my breakfast with dan on friday but do not tell him",
        "tags": ["cancel", "blind"],
        "calls": [
            {
                "tool": "cancel_calendar_event",
                "args": {"event": "breakfast with dan", "notify_attendees": False},
            }
        ],
    },
    # ------------------------------------------- availability, agenda, slots
    {
        "text": "is my thursday at 3 still open",
        "tags": ["availability", "blind"],
        "calls": [{"tool": "check_availability", "args": {"start": "2026-11-26T15:00"}}],
    },
    {
        "text": "what does my monday look like",
        "tags": ["availability", "blind"],
        "calls": [
            {
                "tool": "list_events",
                "args": {"start": "2026-11-30T00:00", "end": "2026-12-01T00:00"},
            }
        ],
    },
    {
        "text": "pull up my calendar for today",
        "tags": ["availability", "blind"],
        "calls": [
            {
                "tool": "list_events",
                "args": {"start": "2026-11-24T00:00", "end": "2026-11-25T00:00"},
            }
        ],
    },
    {
        "text": "find me an hour with alice and carol sometime on friday",
        "tags": ["slots", "blind"],
        "calls": [
            {
                "tool": "find_free_slots",
                "args": {
                    "duration_minutes": 60,
                    "window_start": "2026-11-27T09:00",
                    "attendees": ["@alice", "@carol"],
                },
            }
        ],
    },
    {
        "text": "when could i grab 20 minutes with tom tomorrow",
        "tags": ["slots", "blind"],
        "calls": [
            {
                "tool": "find_free_slots",
                "args": {
                    "duration_minutes": 20,
                    "window_start": "2026-11-25T09:00",
                    "attendees": ["@tom"],
                },
            }
        ],
    },
    # ---------------------------------------------------------------- to-dos
    {
        "text": "put call the landlord about the heating on the to do list",
        "tags": ["todo", "blind"],
        "calls": [
            {"tool": "create_task", "args": {"title": "call the landlord about the heating"}}
        ],
    },
    {
        "text": "new task chase the invoice from acme by friday",
        "tags": ["todo", "time", "blind"],
        "calls": [
            {
                "tool": "create_task",
                "args": {"title": "chase the invoice from acme", "due_at": "2026-11-27T09:00"},
            }
        ],
    },
    {
        "text": "to do update the pitch deck by monday",
        "tags": ["todo", "time", "blind"],
        "calls": [
            {
                "tool": "create_task",
                "args": {"title": "update the pitch deck", "due_at": "2026-11-30T09:00"},
            }
        ],
    },
    {
        "text": "i need a task to book the holiday party venue",
        "tags": ["todo", "blind"],
        "calls": [{"tool": "create_task", "args": {"title": "book the holiday party venue"}}],
    },
    # ------------------------------------------------ notes, promises, lookups
    {
        "text": "bob is allergic to shellfish make a note of that",
        "tags": ["note", "blind"],
        "calls": [
            {
                "tool": "remember",
                "args": {"contact": "@bob", "fact": "bob is allergic to shellfish"},
            }
        ],
    },
    {
        "text": "i promised dan i would send him the floor plans by thursday",
        "tags": ["promise", "blind"],
        "calls": [
            {
                "tool": "record_commitment",
                "args": {
                    "contact": "@dan",
                    "direction": "we_owe",
                    "what": "send him the floor plans",
                    "due_at": "2026-11-26T09:00",
                },
            }
        ],
    },
    {
        "text": "carol still owes me the signed quote",
        "tags": ["promise", "blind"],
        "calls": [
            {
                "tool": "record_commitment",
                "args": {"contact": "@carol", "direction": "they_owe", "what": "the signed quote"},
            }
        ],
    },
    {
        "text": "find the contact info for priya patel",
        "tags": ["lookup", "blind"],
        "calls": [{"tool": "lookup_contact", "args": {"query": "priya patel"}}],
    },
    # ---------------------------------------------------------- multi-action
    {
        "text": "call tom and tell him the van is loaded then remind me at 3 to check the delivery",
        "tags": ["multi", "call", "reminder", "blind"],
        "calls": [
            {"tool": "make_call", "args": {"to": "@tom", "message": "the van is loaded"}},
            {
                "tool": "create_reminder",
                "args": {"text": "check the delivery", "due_at": "2026-11-24T15:00"},
            },
        ],
    },
    {
        "text": "email carol that the contract is ready to sign and add a task to chase her "
        "signature by thursday",
        "tags": ["multi", "email", "todo", "blind"],
        "calls": [
            {
                "tool": "send_email",
                "args": {"to": ["@carol"], "body": "the contract is ready to sign"},
            },
            {
                "tool": "create_task",
                "args": {"title": "chase her signature", "due_at": "2026-11-26T09:00"},
            },
        ],
    },
    {
        "text": "book an hour with alice on tuesday at 2 and send her an email saying the agenda "
        "is in the shared folder",
        "tags": ["multi", "meeting", "email", "blind"],
        "calls": [
            {
                "tool": "create_calendar_event",
                "args": {
                    "start": "2026-12-01T14:00",
                    "duration_minutes": 60,
                    "attendees": ["@alice"],
                },
            },
            {
                "tool": "send_email",
                "args": {"to": ["@alice"], "body": "the agenda is in the shared folder"},
            },
        ],
    },
    {
        "text": "tell bob the boxes are in the garage and add buy packing tape to my list",
        "tags": ["multi", "sms", "todo", "blind"],
        "calls": [
            {"tool": "send_sms", "args": {"to": "@bob", "body": "the boxes are in the garage"}},
            {"tool": "create_task", "args": {"title": "buy packing tape"}},
        ],
    },
    # ------------------------------------------------------ outside the tools
    {
        "text": "order a large pepperoni pizza to the office",
        "tags": ["nonsense", "blind"],
        "calls": [],
    },
    {
        "text": "what is the weather going to be like in boston tomorrow",
        "tags": ["nonsense", "blind"],
        "calls": [],
    },
    {
        "text": "book me a flight to chicago on friday morning",
        "tags": ["nonsense", "blind"],
        "calls": [],
    },
    {
        "text": "wire two thousand dollars to bob from the business account",
        "tags": ["nonsense", "blind"],
        "calls": [],
    },
    # ------------------------------------------------------------- ambiguous
    {
        "text": "ping alex and let him know the demo moved to thursday",
        "tags": ["ambiguous", "sms", "blind"],
        "clarify": {"mention": "alex", "choices": ["@alex_rivera", "@alex_chen"]},
    },
    {
        "text": "set up lunch with alex on friday at noon",
        "tags": ["ambiguous", "meeting", "blind"],
        "clarify": {"mention": "alex", "choices": ["@alex_rivera", "@alex_chen"]},
    },
]
