"""Writing a reader's graph as GEXF (Gephi), GraphML, FollowTheMoney JSON lines or i2 ANX.

Every format carries what the reader's graph holds and nothing more: restricted nodes go out as
"restricted — held by X, ask" with no data (FtM, which has no such notion, leaves them out), and every
edge keeps its source reference, date, evaluation and handling code. ANX follows the subset described
by ``data/anx-subset.xsd`` (chart items with entities and links, icon types, attributes for provenance).
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx

from liaison.analysis.service import Graph
from liaison.core.graphs import GraphEdge, GraphNode
from liaison.entities import ftm
from liaison.entities.types import parse_entity

FORMATS: dict[str, tuple[str, str]] = {
    "gexf": ("application/gexf+xml", "gexf"),
    "graphml": ("application/graphml+xml", "graphml"),
    "ftm": ("application/x-ndjson", "ftm.jsonl"),
    "anx": ("application/xml", "anx"),
}

#: Our edge kinds as FtM relationship schemata (source property, target property).
FTM_SCHEMA: dict[str, str] = {
    "ownership": "Ownership",
    "membership": "Membership",
    "associate": "Associate",
    "call": "Call",
    "payment": "Payment",
    "directorship": "Directorship",
    "family": "Family",
    "employment": "Employment",
}

#: i2 icon types for our node kinds (the standard i2 icon library names).
ANX_ICON: dict[str, str] = {
    "person": "Person",
    "organisation": "Organisation",
    "phone": "Phone",
    "vehicle": "Car",
    "identity_document": "Passport",
    "email": "Email",
    "address": "Address",
    "firearm": "Firearm",
    "vessel": "Ship",
    "container": "Container",
    "bank_account": "Bank Account",
    "case": "Case",
    "seizure": "Seizure",
    "restricted": "Unknown",
}


def _node_attrs(node: GraphNode) -> dict[str, str]:
    return {
        "label": node.label,
        "kind": node.kind,
        "agency": node.agency,
        "handling_code": node.handling_code,
        "restricted": "true" if node.restricted else "false",
        "ask": node.ask,
    }


def _edge_attrs(edge: GraphEdge) -> dict[str, str]:
    d = edge.as_dict()
    return {
        "kind": edge.kind,
        "status": edge.status,
        "ref": edge.ref,
        "date": d["on"] or "",
        "evaluation": edge.evaluation,
        "handling_code": edge.handling_code,
        "label": edge.label or edge.kind,
    }


def to_networkx(graph: Graph) -> nx.MultiGraph:
    g = nx.MultiGraph()
    for node in graph.nodes.values():
        g.add_node(node.key, **_node_attrs(node))
    for edge in graph.edges.values():
        g.add_edge(edge.source, edge.target, key=edge.key, id=edge.key, **_edge_attrs(edge))
    return g


def gexf(graph: Graph) -> str:
    return "\n".join(nx.generate_gexf(to_networkx(graph))) + "\n"


def graphml(graph: Graph) -> str:
    return "\n".join(nx.generate_graphml(to_networkx(graph), edge_id_from_attribute="id")) + "\n"


def _ftm_id(key: str) -> str:
    return "liaison-" + key.replace(":", "-")


def ftm_lines(graph: Graph) -> str:
    """Entities as their FtM schemata; links between entities as relationship entities (hits as UnknownLink)."""
    out: list[dict[str, Any]] = []
    for node in graph.nodes.values():
        if not node.key.startswith("entity:") or not node.data:
            continue
        model = parse_entity(node.data)
        model.id = _ftm_id(node.key)
        model.handling_code = model.handling_code or node.handling_code or None  # type: ignore[assignment]
        out.append(ftm.to_ftm(model))
    for edge in graph.edges.values():
        if not (edge.source.startswith("entity:") and edge.target.startswith("entity:")):
            continue
        schema = FTM_SCHEMA.get(edge.kind, "UnknownLink")
        src_prop, dst_prop = ftm.RELATION_SCHEMATA[schema]
        props: dict[str, list[str]] = {src_prop: [_ftm_id(edge.source)], dst_prop: [_ftm_id(edge.target)]}
        on = edge.as_dict()["on"]
        if on:
            props["date" if schema in ("Call", "Payment") else "startDate"] = [on[:10]]
        note = f"{edge.ref} · {edge.evaluation or '-'} · {edge.handling_code}"
        if schema == "UnknownLink":
            props["role"] = [(edge.kind + (f" ({edge.status})" if edge.status else ""))]
        props["description"] = [note]
        out.append({"id": "liaison-" + edge.key.replace(":", "-"), "schema": schema, "properties": props})
    return "".join(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n" for d in out)


def anx(graph: Graph) -> str:
    """An i2 Analyst's Notebook chart (ANX XML): one ChartItem per node (an icon entity) and per edge (a link)."""
    chart = ET.Element("Chart", {"IdReferenceLinking": "false", "Rigorous": "true"})
    items = ET.SubElement(chart, "ChartItemCollection")
    for i, node in enumerate(graph.nodes.values()):
        described = f"{node.agency} {node.handling_code}".strip()
        item = ET.SubElement(items, "ChartItem", {"Label": node.label[:250], "Description": described})
        end = ET.SubElement(item, "End", {"X": str((i % 25) * 120), "Y": str((i // 25) * 120)})
        entity = ET.SubElement(end, "Entity", {"EntityId": node.key, "Identity": node.key, "LabelIsIdentity": "false"})
        icon = ET.SubElement(entity, "Icon")
        ET.SubElement(icon, "IconStyle", {"Type": ANX_ICON.get(node.kind, "Unknown")})
        _anx_attributes(item, {"Kind": node.kind, "Agency": node.agency, "Handling code": node.handling_code,
                               "Restricted": "yes" if node.restricted else "no", "Ask": node.ask})
    for edge in graph.edges.values():
        on = edge.as_dict()["on"]
        attrs = {"Label": (edge.label or edge.kind)[:250], "Description": edge.ref[:250]}
        if on:
            attrs |= {"DateSet": "true", "DateTime": on[:10] + "T00:00:00" if len(on) == 10 else on[:19]}
        item = ET.SubElement(items, "ChartItem", attrs)
        link = ET.SubElement(item, "Link", {"End1Id": edge.source, "End2Id": edge.target})
        ET.SubElement(link, "LinkStyle", {"Type": "Link", "ArrowStyle": "ArrowNone",
                                          "Strength": "1" if edge.status != "pending" else "2"})
        _anx_attributes(item, {"Kind": edge.kind, "Status": edge.status, "Source": edge.ref,
                               "Evaluation": edge.evaluation, "Handling code": edge.handling_code})
    buf = io.BytesIO()
    ET.ElementTree(chart).write(buf, encoding="utf-8", xml_declaration=True)
    return buf.getvalue().decode("utf-8")


def _anx_attributes(item: ET.Element, values: dict[str, str]) -> None:
    coll = ET.SubElement(item, "AttributeCollection")
    for name, value in values.items():
        if value:
            ET.SubElement(coll, "Attribute", {"AttributeClass": name, "Value": value[:500]})


WRITERS = {"gexf": gexf, "graphml": graphml, "ftm": ftm_lines, "anx": anx}


def write(graph: Graph, fmt: str) -> str:
    return WRITERS[fmt](graph)


def export(session: Any, actor: Any, *, case_id: int | None, entity_id: int | None, depth: int, fmt: str) -> str:
    """The graph around a case or an entity, written in ``fmt``; audited as a disclosure (an export)."""
    from liaison.analysis import service
    from liaison.core.audit import Actions, record
    from liaison.core.errors import InvalidInput
    from liaison.core.i18n import _

    if fmt not in FORMATS:
        raise InvalidInput(_("Unknown format."), fields={"format": ", ".join(FORMATS)})
    graph = service.around(session, actor, case_id=case_id, entity_id=entity_id, depth=depth)
    text = write(graph, fmt)
    record(
        session,
        actor.ctx,
        Actions.DISCLOSURE,
        "graph",
        f"case:{case_id}" if case_id is not None else f"entity:{entity_id}",
        recipient=f"export ({fmt})",
        subjects=[("entity", i) for i in graph.entity_ids()],
        details={"format": fmt, "depth": depth, "nodes": len(graph.nodes), "edges": len(graph.edges)},
    )
    return text
