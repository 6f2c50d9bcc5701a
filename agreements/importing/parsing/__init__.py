"""The stages of the minutes parser; agreements.importing.minutes.parse_minutes runs them in order.

shapes: the internal shapes passed between stages. lines: line cleaning and page headers.
links: broken URLs, duplicate link targets and autolinks. items: numbered and heading-based
items. body: Markdown bodies, lists and decisions. facts: signature, header, chair, attendees,
next meeting and season dates. dates: dates and times.
"""
