"""Tagged PDF (PDF/UA-1): the logical structure of a handout and the marked content that ties it to the page.

ReportLab writes no tags, so this module adds them in three parts:

* **Structure, built with the story.** Layout code wraps each paragraph or image in a `Tagged` flowable
  that owns an `Element` (P, H1, Lbl, Figure...), and groups elements into larger ones (`group`: Sect, L,
  LI, Table, TR, TD, Note) in *logical* order, before right-to-left code mirrors table columns. A flowable
  that only arranges others (a table) carries its element as `.struct`, so the next level up can adopt it.
* **Marked content, while drawing.** `Tagged.drawOn` wraps what its flowable draws in
  `/Role <</MCID n>> BDC ... EMC` and records which element owns MCID n on that page. Everything else is
  drawn as an artifact: table backgrounds and rules (`table_artifacts`, ReportLab's Table render
  callback), the page footer (`artifact`), and a table header row repeated on a new page (a `Tagged`
  drawn a second time).
* **The tree, on save.** `TaggedCanvas` gives each page its StructParents and writes the StructTreeRoot,
  ParentTree, MarkInfo and XMP metadata (dc:title, dc:language, pdfuaid:part 1) into the catalog.

Where the drawn glyphs are not the logical text (right-to-left lines in visual order, Arabic presentation
forms, shaped Devanagari), the element carries the logical text as /ActualText, so screen readers and
copy-paste get real words while text extraction from the page is left as it was. `SpacedParagraph` keeps
the space at each line break in the content, so words at line ends stay apart for tools that join tags.
Only standard PDF 1.7 roles are used (no RoleMap); a bilingual edition is one Part per language, each
with its /Lang, so each language reads straight through.
"""
from __future__ import annotations

import codecs
import copy
from contextlib import contextmanager

from reportlab.pdfbase.pdfdoc import (PDFArray, PDFDictionary, PDFName, PDFObject, PDFObjectReference, PDFStream,
                                      PDFString, PDFText)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from handout.layout import glyphtext

# Roles that group other elements and never own marked content themselves.
GROUPS = {"Document", "Part", "Sect", "Div", "L", "LI", "LBody", "Table", "TR", "TH", "TD", "Note"}


def escape(text: str) -> str:
    """`&`, `<` and `>` as XML entities (what xml.sax.saxutils.escape does, without importing urllib and
    http.client with it: a fifth of the import time of a cold build)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


class Element:
    """One structure element: a role, its kids (elements, or (page, MCID) marks) and its properties.

    `actual_text` is the logical text when the drawn glyphs differ from it; `lang` a BCP 47 tag when the
    element is not in the document's language; `scope` "Column" or "Row" for table header cells; `alt`
    the words for a Figure. `element_id` (the PDF's /ID) is given to every Note when the tree is written.
    """

    def __init__(self, role: str, *, alt: str | None = None, actual_text: str | None = None,
                 lang: str | None = None, scope: str | None = None):
        self.role, self.alt, self.actual_text, self.lang, self.scope = role, alt, actual_text, lang, scope
        self.element_id: str | None = None
        self.kids: list[Element | tuple[int, int]] = []
        self.parent: Element | None = None

    def add(self, *parts) -> "Element":
        """Adopt the elements of `parts` (elements, flowables, or lists of them), in order."""
        for element in elements_of(parts):
            if element.parent is not None:
                raise ValueError(f"{element.role} element already belongs to a {element.parent.role}")
            element.parent = self
            self.kids.append(element)
        return self

    def walk(self) -> list["Element"]:
        """This element and all below it, in reading order."""
        out, stack = [], [self]
        while stack:
            element = stack.pop()
            out.append(element)
            stack.extend(reversed([kid for kid in element.kids if isinstance(kid, Element)]))
        return out

    def __repr__(self):
        return f"<{self.role} {len(self.kids)} kids>"


def elements_of(part) -> list[Element]:
    """The structure elements of a part: an Element, a flowable carrying `.struct`, or a list of them."""
    if isinstance(part, Element):
        return [part]
    if isinstance(part, (list, tuple)):
        out = []
        for item in part:
            out += elements_of(item)
        return out
    struct = getattr(part, "struct", None)
    if struct is None:
        return []
    return [struct] if isinstance(struct, Element) else elements_of(struct)


def group(role: str, *parts, **props) -> Element:
    """A new element of `role` holding the elements of `parts` in the order given (logical order)."""
    return Element(role, **props).add(*parts)


def structured(flowable, *parts):
    """Let `flowable` (a table, say) stand for the elements of `parts` when a parent groups it: one
    element (a Table, an L), or several for a table used only for layout (title beside clinic box)."""
    elements = elements_of(parts)
    flowable.struct = elements[0] if len(elements) == 1 else elements
    return flowable


class Tagged(Flowable):
    """A flowable whose drawing is marked content owned by one structure element.

    It wraps another flowable and behaves as that flowable does (size, splitting, spacing, keep with
    next); the parts of a split share the element, so a paragraph that continues on the next page is
    still one P.
    """

    def __init__(self, content: Flowable, element: Element):
        super().__init__()
        self.content, self.struct = content, element
        self._drawn = False

    def wrap(self, avail_width, avail_height):
        self.width, self.height = self.content.wrapOn(getattr(self, "canv", None), avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        parts = self.content.splitOn(getattr(self, "canv", None), avail_width, avail_height)
        return [Tagged(part, self.struct) for part in parts]

    def getSpaceBefore(self):
        return self.content.getSpaceBefore()

    def getSpaceAfter(self):
        return self.content.getSpaceAfter()

    def getKeepWithNext(self):
        # KeepTogether clears keepWithNext on the wrapper it holds: that setting wins
        return self.__dict__.get("keepWithNext", self.content.getKeepWithNext())

    def minWidth(self):
        return self.content.minWidth()

    def identity(self, maxLen=None):
        return f"{self.struct.role} {self.content.identity(maxLen)}"

    def drawOn(self, canvas, x, y, _sW=0):
        tags: MarkedContent | None = getattr(canvas, "tags", None)
        if tags is None or tags.in_artifact:
            self.content.drawOn(canvas, x, y, _sW)
        elif self._drawn:  # a table header row repeated on the next page: the reader has heard it
            with artifact(canvas):
                self.content.drawOn(canvas, x, y, _sW)
        else:
            with tags.marked(canvas, self.struct):
                self.content.drawOn(canvas, x, y, _sW)
        self._drawn = True


class SpacedParagraph(Paragraph):
    """A ReportLab Paragraph that keeps, in the content stream, the space each wrapped line broke at.

    ReportLab drops that space, so tools that read a tagged PDF by joining an element's marked content
    (pdfinfo -struct-text, screen readers that follow the tags) would run the last word of a line into
    the first of the next. The space is drawn after the line's last glyph: nothing on the page moves.
    Shaped text (HarfBuzz) is left alone; its element carries /ActualText instead."""

    _continues = False  # the first part of a split paragraph: its last line also broke at a space

    _wrapped = None  # (width, size) of the last wrap, while nothing has changed the lines since

    def wrap(self, avail_width, avail_height):
        # the page layout asks a paragraph its size again and again at the same width (keeping items
        # together, trying a split, adding it to the frame): its lines are already broken for that width
        if self._wrapped is not None and self._wrapped[0] == avail_width:
            return self._wrapped[1]
        size = super().wrap(avail_width, avail_height)
        self._wrapped = (avail_width, size)
        return size

    def breakLines(self, width):
        from handout.layout.layoutcache import break_lines

        self._wrapped = None
        return break_lines(self, width, super().breakLines)

    def split(self, avail_width, avail_height):
        self._wrapped = None  # a split breaks the lines again and may take them apart
        parts = super().split(avail_width, avail_height)
        self._wrapped = None
        if len(parts) == 2:
            parts[0]._continues = True
        return parts

    def draw(self):
        para = self.blPara
        last = len(para.lines) - (0 if self._continues else 1)
        if self.style.shaping or last < 1:
            return super().draw()
        lines = para.lines
        para.lines = [_with_space(line, para.kind) for line in lines[:last]] + lines[last:]
        try:
            super().draw()
        finally:
            para.lines = lines


def _with_space(line, kind: int):
    """A copy of a broken line (ReportLab's two layouts: (extra space, words) or frag lines) whose last
    word ends with a space, unless it ends with a hyphen (a word broken there is still one word)."""
    if kind == 0:
        extra, words = line
        if not words or words[-1].endswith(("-", "\xad")):
            return line
        return extra, [*words[:-1], words[-1] + " "]
    if getattr(line, "lineBreak", False):  # a forced break (inside a long email address): no space there
        return line
    texts = [i for i, frag in enumerate(line.words) if getattr(frag, "text", "")]
    if not texts or line.words[texts[-1]].text.endswith(("-", "\xad")):
        return line
    spaced = copy.copy(line)
    spaced.words = list(line.words)
    spaced.words[texts[-1]] = line.words[texts[-1]].clone(text=line.words[texts[-1]].text + " ")
    return spaced


class MarkedContent:
    """Which element owns each marked-content sequence, page by page, while the document is drawn."""

    def __init__(self, root: Element):
        self.root = root
        self.owners: dict[int, list[Element]] = {}  # page index -> owner of each MCID on that page
        self.page_refs: dict[int, object] = {}
        self.in_artifact = False
        self._open = False

    @contextmanager
    def marked(self, canvas, element: Element):
        if self._open:
            raise RuntimeError(f"{element.role} drawn inside another element's marked content")
        if element.role in GROUPS:
            raise RuntimeError(f"a {element.role} element cannot own content; tag its parts")
        page = canvas.getPageNumber() - 1
        owners = self.owners.setdefault(page, [])
        mcid = len(owners)
        owners.append(element)
        element.kids.append((page, mcid))
        canvas.addLiteral(f"/{element.role} <</MCID {mcid}>> BDC")
        self._open = True
        try:
            yield
        finally:
            canvas.addLiteral("EMC")
            self._open = False

    def begin_artifact(self, canvas, kind: str | None = None, subtype: str | None = None) -> bool:
        """Open an artifact sequence; False (and nothing written) when one is already open."""
        if self.in_artifact:
            return False
        props = " ".join([f"/Type /{kind}"] * bool(kind) + [f"/Subtype /{subtype}"] * bool(subtype))
        canvas.addLiteral(f"/Artifact <<{props}>> BDC" if props else "/Artifact BMC")
        self.in_artifact = True
        return True

    def end_artifact(self, canvas) -> None:
        canvas.addLiteral("EMC")
        self.in_artifact = False


@contextmanager
def artifact(canvas, kind: str | None = None, subtype: str | None = None):
    """Draw inside this block as an artifact (decoration or page furniture), not as content.

    `kind` is "Pagination", "Layout" or "Page"; `subtype` "Header", "Footer" or "Watermark"."""
    tags: MarkedContent | None = getattr(canvas, "tags", None)
    if tags is None:
        yield
        return
    opened = tags.begin_artifact(canvas, kind, subtype)
    try:
        yield
    finally:
        if opened:
            tags.end_artifact(canvas)


def table_artifacts(table, event: str, *args) -> None:
    """ReportLab Table render callback: backgrounds, rules and plain-string cells (the empty boxes of the
    diary) are artifacts; cells holding Tagged flowables mark themselves."""
    canvas = table.canv
    tags: MarkedContent | None = getattr(canvas, "tags", None)
    if tags is None:
        return
    if event in ("startBG", "startLines") or (event == "startCell" and not _holds_flowables(args[2])):
        table._opened_artifact = tags.begin_artifact(canvas, "Layout" if event != "startCell" else None)
    elif event in ("endBG", "endLines", "endCell") and getattr(table, "_opened_artifact", False):
        tags.end_artifact(canvas)
        table._opened_artifact = False


def _holds_flowables(value) -> bool:
    return isinstance(value, Flowable) or (isinstance(value, (list, tuple)) and len(value) > 0)


class TaggedCanvas(Canvas):
    """A canvas that records marked content and, on save, writes the structure tree and metadata.

    `tags` must be set (a MarkedContent) before drawing; `document_info` gives the XMP its title,
    language, author, subject, keywords and producer."""

    tags: MarkedContent
    document_info: dict

    def _setAnnotations(self, page):
        super()._setAnnotations(page)
        index = self.getPageNumber() - 1
        self.tags.page_refs[index] = self._doc.thisPageRef()
        if self.tags.owners.get(index):
            page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]  # keys ReportLab may write
            page.StructParents = index
            page.Tabs = PDFName("S")  # tab order follows the structure (PDF/UA, should links be added)

    def beginText(self, x=0, y=0, direction=None):  # shaped words copy out as their text (glyphtext)
        return glyphtext.text_object_class()(self, x, y, direction=direction)

    def save(self):
        write_structure(self._doc, self.tags)
        self._doc.Catalog.Metadata = xmp_stream(**self.document_info)
        super().save()


def write_structure(doc, tags: MarkedContent) -> None:
    """Put the StructTreeRoot (with its ParentTree) and MarkInfo into the catalog of `doc`."""
    elements = tags.root.walk()
    known = {id(e) for e in elements}
    for owners in tags.owners.values():
        for owner in owners:
            if id(owner) not in known:
                raise RuntimeError(f"a {owner.role} element was drawn but is not in the structure tree")
    for number, note in enumerate((e for e in elements if e.role == "Note"), 1):
        note.element_id = f"note-{number}"  # PDF/UA: every Note has an ID
    root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    refs = {id(None): doc.Reference(root)}  # the parent of the top element
    dicts = {id(e): StructDict({"Type": "/StructElem", "S": "/" + e.role}) for e in elements}
    refs.update({key: doc.Reference(d) for key, d in dicts.items()})
    for element in elements:
        dicts[id(element)].dict.update(_entries(element, refs, tags.page_refs))
    nums = []
    for page in sorted(tags.owners):
        nums += [page, [refs[id(owner)] for owner in tags.owners[page]]]
    root["K"] = refs[id(tags.root)]
    root["ParentTree"] = doc.Reference(StructDict({"Nums": nums}))  # formatted as PDFArrays would be
    root["ParentTreeNextKey"] = max(tags.owners, default=-1) + 1
    ids = [item for e in elements if e.element_id for item in (text_string(e.element_id), refs[id(e)])]
    if ids:
        root["IDTree"] = doc.Reference(PDFDictionary({"Names": PDFArray(ids)}))
    doc.Catalog.StructTreeRoot = root
    doc.Catalog.MarkInfo = PDFDictionary({"Marked": "true"})


def _entries(element: Element, refs: dict, page_refs: dict) -> dict:
    """The dictionary entries of one structure element: parent, page, kids and properties. A kid on
    the element's first page is a bare MCID; one on another page a marked-content reference."""
    entries = {"P": refs[id(element.parent)]}
    marks = [kid for kid in element.kids if not isinstance(kid, Element)]
    first_page = marks[0][0] if marks else None
    if first_page is not None:
        entries["Pg"] = page_refs[first_page]
    kids = []
    for kid in element.kids:
        if isinstance(kid, Element):
            kids.append(refs[id(kid)])
        elif kid[0] == first_page:
            kids.append(kid[1])
        else:
            kids.append(StructDict({"Type": "/MCR", "Pg": page_refs[kid[0]], "MCID": kid[1]}))
    if kids:
        entries["K"] = kids if len(kids) > 1 else kids[0]
    for key, value in (("Alt", element.alt), ("ActualText", element.actual_text), ("Lang", element.lang),
                       ("ID", element.element_id)):
        if value is not None:
            entries[key] = text_string(value)
    if element.scope:
        entries["A"] = StructDict({"O": "/Table", "Scope": "/" + element.scope})
    return entries


class StructDict(PDFObject):
    """A structure element's dictionary, formatted to the same bytes as ReportLab's PDFDictionary (sorted
    keys, a line break every six entries; arrays break every ten items) but without its per-value dispatch:
    a handout has hundreds of them and formatting them was a sixth of a render.

    Values are names (str, "/P"), integers, references, lists of those (an array), text strings
    (PDFString, PDFText) or other StructDicts."""

    __slots__ = ("dict",)

    def __init__(self, entries: dict):
        self.dict = entries

    def format(self, document) -> bytes:
        numbers = document.idToObjectNumberAndVersion
        parts = [b"/%s %s" % (key.encode("ascii"), _value(self.dict[key], document, numbers))
                 for key in sorted(self.dict)]
        for i in reversed(range(6, len(parts), 6)):
            parts.insert(i, b"\n ")
        return b"<<\n" + b" ".join(parts) + b"\n>>"


def _value(value, document, numbers) -> bytes:
    if isinstance(value, PDFObjectReference):
        return b"%d %d R" % numbers[value.name]
    if isinstance(value, str):
        return value.encode("ascii")
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, list):
        items = [_value(item, document, numbers) for item in value]
        for i in reversed(range(10, len(items), 10)):
            items.insert(i, b"\n ")
        return b"[ " + b" ".join(items) + b" ]"
    return value.format(document)  # a text string or a StructDict


def text_string(text: str):
    """A PDF text string: PDFDocEncoding when the text fits it, else UTF-16 written as hex (ReportLab's
    literal strings escape each UTF-16 byte as octal, four times the size for Hindi or Arabic)."""
    try:
        text.encode("pdfdoc")
        return PDFString(text)
    except UnicodeEncodeError:
        return PDFText(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))


def xmp_stream(title: str, lang: str, author: str = "", subject: str = "", keywords: str = "",
               producer: str = "") -> PDFStream:
    """An XMP metadata stream identifying the file as PDF/UA-1, with its title and language."""
    def tag(name: str, value: str, container: str | None = None) -> str:
        if not value:
            return ""
        if container == "Alt":
            return f'<{name}><rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt></{name}>'
        if container:
            return f"<{name}><rdf:{container}><rdf:li>{escape(value)}</rdf:li></rdf:{container}></{name}>"
        return f"<{name}>{escape(value)}</{name}>"

    xml = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        + tag("dc:title", title, "Alt") + tag("dc:language", lang, "Bag") + tag("dc:creator", author, "Seq")
        + tag("dc:description", subject, "Alt") + tag("pdf:Keywords", keywords) + tag("pdf:Producer", producer)
        + tag("xmp:CreatorTool", producer) + "<pdfuaid:part>1</pdfuaid:part>\n"
        "</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>"
    )
    return PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                     xml.encode("utf-8"))
