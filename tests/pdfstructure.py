"""Read a tagged PDF's logical structure back with pypdf, as assistive technology would walk it."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pypdf
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject

# Operators that put ink on the page: each must sit inside marked content (tagged, or an artifact).
PAINTING = {b"Tj", b"TJ", b"'", b'"', b"Do", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"sh",
            b"BI"}


@dataclass(frozen=True)
class Mark:
    page: int  # 0-based
    mcid: int


@dataclass
class Node:
    role: str
    props: DictionaryObject
    kids: list = field(default_factory=list)  # Node | Mark

    def get(self, key: str):
        value = self.props.get(key)
        return None if value is None else value.get_object()

    def walk(self):
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.walk()

    def marks(self) -> list[Mark]:
        out = []
        for kid in self.kids:
            out.extend([kid] if isinstance(kid, Mark) else kid.marks())
        return out

    def find(self, role: str) -> list["Node"]:
        return [node for node in self.walk() if node.role == role]


class TaggedPdf:
    def __init__(self, path: Path):
        self.reader = pypdf.PdfReader(path)
        self.catalog = self.reader.trailer["/Root"]
        self.pages = {page.indirect_reference.idnum: i for i, page in enumerate(self.reader.pages)}
        root = self.catalog["/StructTreeRoot"].get_object()
        kids = root["/K"]
        kids = list(kids) if isinstance(kids, ArrayObject) else [kids]
        self.roots = [self._node(kid.get_object(), None) for kid in kids]
        self._text: dict[Mark, str] | None = None

    def _node(self, obj: DictionaryObject, page: int | None) -> Node:
        if "/Pg" in obj:
            page = self.pages[obj.raw_get("/Pg").idnum]
        node = Node(str(obj["/S"])[1:], obj)
        kids = obj.get("/K")
        if kids is None:
            return node
        for kid in (list(kids) if isinstance(kids, ArrayObject) else [kids]):
            if isinstance(kid, int):
                node.kids.append(Mark(page, int(kid)))
                continue
            kid = kid.get_object()
            if kid.get("/Type") == "/MCR":
                node.kids.append(Mark(self.pages[kid.raw_get("/Pg").idnum], int(kid["/MCID"])))
            else:
                node.kids.append(self._node(kid, page))
        return node

    @property
    def document(self) -> Node:
        assert len(self.roots) == 1
        return self.roots[0]

    def text(self, node: Node) -> str:
        """The text a node's marked content draws (pypdf's extraction), or its /ActualText."""
        actual = node.get("/ActualText")
        if actual is not None:
            return str(actual)
        if self._text is None:
            self._text = self._marked_text()
        parts = []
        for kid in node.kids:
            parts.append(self._text.get(kid, "") if isinstance(kid, Mark) else self.text(kid))
        return "".join(parts)

    def _marked_text(self) -> dict[Mark, str]:
        out: dict[Mark, str] = defaultdict(str)
        for number, page in enumerate(self.reader.pages):
            stack: list[int | None] = []

            def before(op, args, cm, tm, stack=stack):
                if op == b"BDC":
                    props = args[1] if len(args) > 1 and isinstance(args[1], DictionaryObject) else {}
                    stack.append(props.get("/MCID"))
                elif op == b"BMC":
                    stack.append(None)
                elif op == b"EMC":
                    stack.pop()

            def text(chars, cm, tm, font, size, stack=stack, number=number):
                if stack and stack[-1] is not None:
                    out[Mark(number, int(stack[-1]))] += chars

            page.extract_text(visitor_operand_before=before, visitor_text=text)
        return out

    def content(self, number: int):
        """(operator, operands, marked-content stack) for each operation on a page."""
        page = self.reader.pages[number]
        stack: list[tuple[str, int | None]] = []
        for operands, operator in ContentStream(page.get_contents(), self.reader).operations:
            if operator == b"BDC":
                props = operands[1] if isinstance(operands[1], DictionaryObject) else {}
                stack.append((str(operands[0]), props.get("/MCID")))
            elif operator == b"BMC":
                stack.append((str(operands[0]), None))
            elif operator == b"EMC":
                stack.pop()
            yield operator, operands, list(stack)

    def parent_tree(self) -> dict[int, list]:
        nums = self.catalog["/StructTreeRoot"]["/ParentTree"].get_object()["/Nums"]
        return {int(nums[i]): [ref.get_object() for ref in nums[i + 1]] for i in range(0, len(nums), 2)}
