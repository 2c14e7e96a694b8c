"""File formats written by hand, for both offer generators (Python 3 standard library only).

With real text, for testing/gen-offer-fixtures: PDF with a text layer (Helvetica, WinAnsiEncoding),
PDF with only an image (a scan), a PDF that declares encryption, DOCX, XLSX, ODT, ODS, RTF, zip
archives and TNEF (winmail.dat).
Of a given size, for bench/gen-offer-corpus (`*_of_size`, `pdf_document`): PDF (with a text layer
of many pages, or a scan), DOCX/XLSX, JPEG and PNG files whose bulk is random bytes in a valid
container, as heavy to carry and to parse as real ones.
"""

import io
import struct
import zipfile
import zlib

class FixedTimeZipFile(zipfile.ZipFile):
    """A zip whose entries all carry one fixed time, so that a generator writes the same bytes
    every run (`writestr(name, ...)` would stamp each entry with the current local time)."""

    TIME = (2022, 6, 20, 10, 0, 0)

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.TIME)
            info.compress_type = self.compression if compress_type is None else compress_type
            info.external_attr = 0o600 << 16  # what ZipFile.writestr gives a name
            zinfo_or_arcname, compress_type = info, None
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)


# MIME types of the files above, as mail clients label them.
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
RTF = "application/rtf"
ZIP = "application/zip"
TNEF = "application/ms-tnef"
JPEG = "image/jpeg"
PNG = "image/png"
OCTET = "application/octet-stream"  # what a client that does not know a file's type says


# ---------------------------------------------------------------- PDF

def _pdf_string(text):
    raw = text.encode("cp1252", errors="replace")
    out = []
    for b in raw:
        c = chr(b)
        if c in "()\\":
            out.append("\\" + c)
        elif 32 <= b < 127:
            out.append(c)
        else:
            out.append("\\%03o" % b)
    return "(" + "".join(out) + ")"


def _pdf(objects, version=b"1.4", trailer=b""):
    """A whole PDF file: objects (bytes bodies, numbered 1..n; object 1 must be the catalog), a
    valid xref table, and a trailer of /Size, /Root 1 0 R and the `trailer` entries given."""
    out = io.BytesIO()
    out.write(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R" % (len(objects) + 1) + trailer
              + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def pdf_text(pages, encrypt=False):
    """pages: list of lists of lines. One Helvetica text object per line; a page holds 54 lines,
    longer ones continue on the next page (so that readers never see lines drawn over each other)."""
    pages = [lines[i:i + 54] for lines in pages for i in range(0, max(len(lines), 1), 54)]
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, then per page: page object, content stream.
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        page_number = len(objects) + 1
        content_number = page_number + 1
        kids.append(b"%d 0 R" % page_number)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_number)
        y = 800
        ops = []
        for line in lines:
            ops.append("BT /F1 10 Tf 40 %d Td %s Tj ET" % (y, _pdf_string(line)))
            y -= 14
        stream = zlib.compress("\n".join(ops).encode("latin-1"))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % n_pages
    if encrypt:
        # A standard security handler dictionary with a user password we do not give: readers refuse the text.
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32 + b"> /P -4 >>")
    trailer = b""
    if encrypt:
        trailer = b" /Encrypt %d 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]" % len(objects)
    return _pdf(objects, trailer=trailer)


def pdf_scan(seed=1, pages=1):
    """A PDF whose pages are only a grey image: what a scanner produces. No text layer."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None]
    kids = []
    for page in range(pages):
        width = height = 64
        pixels = bytes(((x * 7 + y * 13 + seed * 31 + page) % 256) for y in range(height) for x in range(width))
        image = zlib.compress(pixels)
        page_number = len(objects) + 1
        kids.append(b"%d 0 R" % page_number)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>"
                       % (page_number + 1, page_number + 2))
        objects.append(b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(image) + image + b"\nendstream")
        content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    return _pdf(objects)


def pdf_of_size(rng, size, title):
    """A PDF of about SIZE bytes as Word exports it: catalog, pages, FlateDecode streams of random
    bytes (incompressible, as images are), an /Info with TITLE, a valid xref."""
    n_streams = max(1, min(size // 60000, 200))
    stream_size = max(256, (size - 700 - 330 * n_streams) // n_streams)
    kids = b" ".join(b"%d 0 R" % (i * 2 + 3) for i in range(n_streams))
    objects = [b"<< /Type /Catalog /Pages 2 0 R /Lang (fr-FR) >>",
               b"<< /Type /Pages /Kids [ " + kids + b" ] /Count %d >>" % n_streams]
    for _ in range(n_streams):
        page_number = len(objects) + 1
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.32 841.92] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 << /Type /Font /Subtype /TrueType /BaseFont /Calibri >> >> >> >>"
                       % (page_number + 1))
        data = rng.randbytes(stream_size)
        objects.append(b"<< /Filter /FlateDecode /Length %d >>\nstream\r\n" % len(data) + data + b"\r\nendstream")
    info = "(%s)" % title.replace("(", "").replace(")", "")
    objects.append(b"<< /Producer (Microsoft\xae Word pour Microsoft 365) /Title " + info.encode("latin-1", "replace")
                   + b" /CreationDate (D:20220620101500+02'00') >>")
    return _pdf(objects, version=b"1.7", trailer=b" /Info %d 0 R" % len(objects))


def pdf_document(rng, pages, size, title, scan=False):
    """A PDF of about SIZE bytes as Word or a scanner exports it, for bench/gen-offer-corpus.

    pages: list of lists of lines (one list per page). Unless SCAN, every page draws its lines as
    Word does: a tagged PDF, each line one marked-content sequence (`/P <</MCID n>> BDC ... EMC`) of
    one text object, words in kerned `TJ` arrays, the first line of a page in bold; two TrueType
    fonts with WinAnsiEncoding, their widths and font descriptors. Their font programs are not
    embedded: poppler's text layout does not read them (with LiberationSans embedded, 120 such PDFs
    took the same CPU in the worker, 0.35 s against 0.37 s, best of 9). The bulk is a JPEG image
    (DCTDecode, random scan data) on the first page, as a logo, a signature or a photo makes it;
    with SCAN, every page is only such an image and there is no text at all."""
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 and 4 the regular and bold fonts, 5 and 6 their descriptors, then per
    # page: page, content stream, and its image.
    objects = [b"<< /Type /Catalog /Pages 2 0 R /Lang (en-GB) /MarkInfo << /Marked true >> >>", None,
               _truetype_font(b"ABCDEE+Calibri", 5), _truetype_font(b"ABCDEF+Calibri-Bold", 6),
               _font_descriptor(b"ABCDEE+Calibri", 32), _font_descriptor(b"ABCDEF+Calibri-Bold", 262176)]
    page_objects = 3 * n_pages
    image_bytes = max(2000, size - 1200 - sum(60 * len(lines) for lines in pages) - 400 * page_objects)
    per_image = image_bytes // n_pages if scan else image_bytes
    kids = []
    for index, lines in enumerate(pages):
        page_number = len(objects) + 1
        kids.append(b"%d 0 R" % page_number)
        has_image = scan or index == 0
        resources = b"/Font << /F1 3 0 R /F2 4 0 R >>"
        if has_image:
            resources += b" /XObject << /Im1 %d 0 R >>" % (page_number + 2)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.32 841.92] /Resources << %s >> /Contents %d 0 R >>"
                       % (resources, page_number + 1))
        ops = []
        if has_image:
            ops.append("q 595.32 0 0 841.92 0 0 cm /Im1 Do Q" if scan else "q 120 0 0 60 430 770 cm /Im1 Do Q")
        y = 790
        for number, line in enumerate([] if scan else lines):
            words = line.split(" ")
            runs = []
            for w, word in enumerate(words):
                text = (" " if w else "") + word
                # Word kerns inside words too: a pair in a few words is split with a small adjustment.
                if len(word) > 5 and rng.random() < 0.3:
                    cut = len(text) // 2
                    runs.append("%s%d%s" % (_pdf_string(text[:cut]), rng.randrange(-20, 20), _pdf_string(text[cut:])))
                else:
                    runs.append(_pdf_string(text))
            font = "/F2 14.04" if number == 0 else "/F1 11.04"
            ops.append("/P <</MCID %d>> BDC BT %s Tf 1 0 0 1 56.64 %d Tm 0 g 0 G [%s] TJ ET EMC" % (number, font, y, "".join(runs)))
            y -= 14
        stream = zlib.compress("\n".join(ops).encode("latin-1"))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
        if has_image:
            data = jpeg_of_size(rng, per_image)
            objects.append(b"<< /Type /XObject /Subtype /Image /Width 4000 /Height 3000 /ColorSpace /DeviceRGB "
                           b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        else:
            objects.append(b"<< /Type /Metadata >>")  # keeps three objects per page
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % n_pages
    info = "(%s)" % title.replace("(", "").replace(")", "").replace("\\", "")
    producer = b"(Canon iR-ADV C5535 PDF)" if scan else b"(Microsoft\xae Word pour Microsoft 365)"
    objects.append(b"<< /Producer " + producer + b" /Title " + info.encode("latin-1", "replace")
                   + b" /CreationDate (D:20220620101500+02'00') >>")
    return _pdf(objects, version=b"1.7", trailer=b" /Info %d 0 R" % len(objects))


# Calibri-like advance widths of WinAnsi codes 32-255 (narrow punctuation, wide capitals), as
# Word writes them: fixed, so that the fonts draw nothing from the corpus's random stream.
_WIDTHS = b" ".join(b"%d" % (226 if code == 32 else 250 + (code * 37) % 380) for code in range(32, 256))


def _truetype_font(name, descriptor):
    return (b"<< /Type /Font /Subtype /TrueType /BaseFont /" + name + b" /FirstChar 32 /LastChar 255 "
            b"/Encoding /WinAnsiEncoding /Widths [" + _WIDTHS + b"] /FontDescriptor %d 0 R >>" % descriptor)


def _font_descriptor(name, flags):
    return (b"<< /Type /FontDescriptor /FontName /" + name + b" /Flags %d /ItalicAngle 0 /Ascent 750 "
            b"/Descent -250 /CapHeight 632 /AvgWidth 521 /MaxWidth 1743 /FontWeight %d /XHeight 250 "
            b"/StemV 53 /FontBBox [-503 -250 1240 750] >>" % (flags, 700 if flags & 262144 else 400))


# ---------------------------------------------------------------- OOXML / ODF

def escape_xml(text):
    """Text for XML or HTML content: &, < and > as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def docx(lines, table=None):
    """Paragraphs, then optionally a table (list of rows of cells)."""
    body = []
    for line in lines:
        body.append('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % escape_xml(line))
    if table:
        rows = []
        for row in table:
            cells = "".join('<w:tc><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc>' % escape_xml(str(c)) for c in row)
            rows.append("<w:tr>%s</w:tr>" % cells)
        body.append("<w:tbl>%s</w:tbl>" % "".join(rows))
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>'
                % "".join(body))
    buf = io.BytesIO()
    with FixedTimeZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", document)
    return buf.getvalue()


def _col(index):
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def xlsx(rows):
    """rows: list of lists; str cells go to shared strings, numbers stay numbers."""
    shared = []
    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = "%s%d" % (_col(c), r)
            if value is None or value == "":
                continue
            if isinstance(value, (int, float)):
                cells.append('<c r="%s"><v>%s</v></c>' % (ref, value))
            else:
                shared.append(str(value))
                cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, len(shared) - 1))
        sheet_rows.append('<row r="%d">%s</row>' % (r, "".join(cells)))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>'
             % "".join(sheet_rows))
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d">%s</sst>'
           % (len(shared), "".join("<si><t>%s</t></si>" % escape_xml(s) for s in shared)))
    buf = io.BytesIO()
    with FixedTimeZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Budget" sheetId="1"/></sheets></workbook>')
        z.writestr("xl/sharedStrings.xml", sst)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return buf.getvalue()


def _odf(mimetype, body):
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">'
               '<office:body>%s</office:body></office:document-content>' % body)
    buf = io.BytesIO()
    with FixedTimeZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>', compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def odt(lines):
    first, rest = lines[0], lines[1:]
    paragraphs = '<text:h text:outline-level="1">%s</text:h>' % escape_xml(first) + "".join("<text:p>%s</text:p>" % escape_xml(l) for l in rest)
    return _odf("application/vnd.oasis.opendocument.text", "<office:text>%s</office:text>" % paragraphs)


def ods(rows):
    out = []
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, (int, float)):
                cells.append('<table:table-cell office:value-type="float" office:value="%s"><text:p>%s</text:p></table:table-cell>' % (value, value))
            elif value in (None, ""):
                cells.append("<table:table-cell/>")
            else:
                cells.append('<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % escape_xml(value))
        out.append("<table:table-row>%s</table:table-row>" % "".join(cells))
    return _odf("application/vnd.oasis.opendocument.spreadsheet",
                '<office:spreadsheet><table:table table:name="Budget">%s</table:table></office:spreadsheet>' % "".join(out))


def office_of_size(rng, size, kind, sentences):
    """A DOCX or XLSX (KIND) of about SIZE bytes: a real zip with OOXML member names, a document of
    200 of SENTENCES drawn at random, its bulk a stored media file of random bytes."""
    buf = io.BytesIO()
    stamp = (2022, 6, 20, 10, 15, 0)
    main = "word/document.xml" if kind == "docx" else "xl/worksheets/sheet1.xml"
    media = "word/media/image1.png" if kind == "docx" else "xl/media/image1.png"
    with FixedTimeZipFile(buf, "w") as z:
        def add(name, data, method):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = method
            z.writestr(info, data)
        add("[Content_Types].xml", b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>', zipfile.ZIP_DEFLATED)
        add("_rels/.rels", b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
            zipfile.ZIP_DEFLATED)
        text = " ".join(rng.choice(sentences) for _ in range(200)).encode("utf-8")
        add(main, b"<w:document><w:body><w:p><w:t>" + text + b"</w:t></w:p></w:body></w:document>",
            zipfile.ZIP_DEFLATED)
        add(media, rng.randbytes(max(1000, size - 4000)), zipfile.ZIP_STORED)
    return buf.getvalue()


# ---------------------------------------------------------------- images

def jpeg_of_size(rng, size):
    """A JPEG of SIZE bytes: JFIF, quantisation table, a 4000 x 3000 frame, random scan data."""
    head = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x00H\x00H\x00\x00"
            b"\xff\xdb\x00C\x00" + bytes(rng.randrange(1, 64) for _ in range(64))
            + b"\xff\xc0\x00\x11\x08\x0b\xb8\x0f\xa0\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
            + b"\xff\xda\x00\x0c\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00")
    body = rng.randbytes(max(0, size - len(head) - 2)).replace(b"\xff", b"\xff\x00")
    return head + body + b"\xff\xd9"


def png_of_size(rng, size):
    """A PNG of about SIZE bytes: a 1920 x 1080 header, one IDAT of random bytes, CRCs right."""
    def chunk(kind, data):
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    ihdr = (1920).to_bytes(4, "big") + (1080).to_bytes(4, "big") + b"\x08\x06\x00\x00\x00"
    idat = rng.randbytes(max(100, size - 60))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


# ---------------------------------------------------------------- RTF

def rtf(lines):
    def encode(text):
        out = []
        for ch in text:
            code = ord(ch)
            if ch in "\\{}":
                out.append("\\" + ch)
            elif code < 128:
                out.append(ch)
            elif code < 256:
                out.append("\\'%02x" % ch.encode("cp1252", errors="replace")[0])
            else:
                out.append("\\u%d?" % (code if code < 32768 else code - 65536))
        return "".join(out)
    body = "\\par\n".join(encode(l) for l in lines)
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}{\\colortbl;\\red0\\green0\\blue0;}"
            "{\\*\\generator Riched20 10.0.19041}\\viewkind4\\uc1\\pard\\f0\\fs24 " + body + "\\par\n}").encode("ascii")


# ---------------------------------------------------------------- archives

def zip_of(files, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with FixedTimeZipFile(buf, "w", method) as z:
        for name, data in files:
            z.writestr(name, data)
    return buf.getvalue()


def zip_bomb(megabytes=200):
    """One entry of zeros: honest sizes in the directory, ratio about 1000:1."""
    buf = io.BytesIO()
    with FixedTimeZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("offer.pdf")
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as out:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                out.write(chunk)
    return buf.getvalue()


def zip_many(count):
    buf = io.BytesIO()
    with FixedTimeZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for i in range(count):
            z.writestr("f%05d.txt" % i, b"x")
    return buf.getvalue()


# ---------------------------------------------------------------- TNEF ([MS-OXTNEF])

def _tnef_attribute(level, attr_id, data):
    checksum = sum(data) & 0xFFFF
    return struct.pack("<BII", level, attr_id, len(data)) + data + struct.pack("<H", checksum)


def tnef(files):
    """files: list of (long filename, data). Short title in attAttachTitle, long name in PR_ATTACH_LONG_FILENAME."""
    out = struct.pack("<IH", 0x223E9F78, 0x1234)
    out += _tnef_attribute(1, 0x00089006, struct.pack("<I", 0x00010000))  # attTnefVersion
    for name, data in files:
        out += _tnef_attribute(2, 0x00069002, struct.pack("<HIIIH", 1, 0xFFFFFFFF, 0, 0, 0))  # attAttachRendData
        short = name[:8].encode("cp1252", errors="replace") + b"\x00"
        out += _tnef_attribute(2, 0x00018010, short)  # attAttachTitle
        out += _tnef_attribute(2, 0x0006800F, data)   # attAttachData
        long_name = name.encode("cp1252", errors="replace") + b"\x00"
        padded = long_name + b"\x00" * ((4 - len(long_name) % 4) % 4)
        props = struct.pack("<I", 2)
        props += struct.pack("<HH", 0x0003, 0x0E21) + struct.pack("<I", 1)  # PR_ATTACH_NUM (PT_LONG)
        props += struct.pack("<HH", 0x001E, 0x3707) + struct.pack("<II", 1, len(long_name)) + padded
        out += _tnef_attribute(2, 0x00069005, props)  # attAttachment
    return out
