"""The stages of the dialogue parser; `dialogues.importing.parser.parse_dialogue` runs them.

In order: `lines` (each line cleaned and described, the document's layout), `grid` (the topic
grid), `headings` (where sections start), `notes` (a section's lines as blocks and Markdown),
`barometer` (opinion barometer statements) and `sections` (the event: preamble, topics, dialogues,
questions). A stage imports only the ones before it.
"""
