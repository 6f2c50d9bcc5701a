"""The import toolkit both importers (dialogues, minutes) use.

- reading an upload as text (txt, md, docx; UTF-8, UTF-16/32 with a BOM, Windows-1252), with
  zip-bomb limits on .docx: `okportal.documents.read_document`;
- the one error class of an import, `DocumentError` (a stable `code`, a translated `message`,
  optionally the form `field` it belongs to);
- Swedish dates and times: `okportal.importing.dates`;
- page headers, footers and page numbers: `okportal.importing.layout`;
- headings in capitals shown in sentence case, acronyms kept: `okportal.importing.casing`;
- uploads kept server-side between preview and confirmation, parsed by a Celery task when they
  are large: `okportal.importing.uploads`.
"""
