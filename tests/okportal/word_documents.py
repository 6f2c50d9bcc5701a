"""Word documents (.docx) as the importers get them, for the reader's and the parsers' tests."""

import io

import docx
from docx.shared import Inches


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def open_space_docx() -> bytes:
    """Open Space notes: no Title style, a topic grid with an italic cell, lists three deep."""
    document = docx.Document()
    document.add_heading("Open Space 2016-03-12", level=1)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Folkhälsa"
    table.rows[0].cells[1].paragraphs[0].add_run("IOP").italic = True
    document.add_paragraph("Ämnen i kursiv stil diskuterades inte som separata ämnen.")
    document.add_heading("Folkhälsa", level=2)
    first = document.add_paragraph(style="List Bullet")
    first.add_run("Skapa ")
    first.add_run("spelregler").bold = True
    first.add_run(" mellan idé/offentligt")
    document.add_paragraph("Temadagar", style="List Bullet 2")
    deepest = document.add_paragraph(style="List Bullet 3")
    deepest.add_run("Tedans ")
    deepest.add_run("varje vecka").italic = True
    document.add_paragraph("Boule", style="List Bullet")
    indented = document.add_paragraph("Motverka ensamhet", style="List Paragraph")
    indented.paragraph_format.left_indent = Inches(0.5)
    deeper = document.add_paragraph("Gå ut tillsammans", style="List Paragraph")
    deeper.paragraph_format.left_indent = Inches(1)
    document.add_paragraph("Slutord i vanlig text.")
    return docx_bytes(document)


def minutes_docx() -> bytes:
    """Minutes: a Title, a header table, items as "Heading 1", emphasis, a list, a signature."""
    document = docx.Document()
    document.add_paragraph("Minnesanteckningar Rådet för idéburna organisationer", style="Title")
    document.add_paragraph("Datum: 2021-05-06 kl. 13.00–15.00")
    header = document.add_table(rows=1, cols=2)
    header.rows[0].cells[0].text = "Plats"
    header.rows[0].cells[1].text = "Karlstad"
    document.add_heading("§ 1 Mötets öppnande", level=1)
    document.add_paragraph("Ordförande Elisabeth Kihlström hälsar välkommen och öppnar mötet.")
    document.add_heading("§ 2 Seminarieserie", level=1)
    paragraph = document.add_paragraph("Hållplats idéburen är en ")
    paragraph.add_run("seminarieserie").bold = True
    paragraph.add_run(" som ")
    paragraph.add_run("spelas in").italic = True
    paragraph.add_run(".")
    document.add_paragraph("Demokrativeckan", style="List Bullet")
    document.add_paragraph("vecka 38", style="List Bullet 2")
    document.add_paragraph("Orädd demokrati", style="List Bullet")
    decision = document.add_paragraph()
    decision.add_run("Beslut:").bold = True
    decision.add_run(" Rådet ställer sig bakom planen.")
    document.add_heading("§ 3 Nästa möte", level=1)
    document.add_paragraph("Nästa möte är den 2 september 2021 kl. 9-11.")
    document.add_paragraph("Vid anteckningarna,")
    document.add_paragraph("Elisabeth Ehne")
    return docx_bytes(document)
