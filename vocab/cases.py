"""The category values of case records: how serious a cross-table rule's finding is, and the audit
trail's events (child-level rows, evidence packs, downloads). Values are the stored strings;
`vocab.label` has no entry for them: a finding's words are its rule's, and AUDIT_EVENT_LABELS says
what each audit event is."""
from enum import StrEnum


class Severity(StrEnum):
    """A cross-table rule's finding, as the DfE validators grade them."""

    ERROR = "error"  # the whole case load is rejected; nothing is written but the load's record
    QUERY = "query"  # the load is accepted; the finding is kept in its report for the Data quality page


class AuditEvent(StrEnum):
    """What was done with something sensitive (ops/audit.py records it)."""

    CHILD_RECORDS_VIEWED = "child_records_viewed"  # the children behind a figure, shown as a table
    CHILD_RECORDS_EXPORTED = "child_records_exported"  # the same rows, written out as JSON
    EVIDENCE_PACK_BUILT = "evidence_pack_built"  # an evidence pack or quarterly report, before it is written
    EXPORT_DOWNLOADED = "export_downloaded"  # a file downloaded from a page (pack, CSV, child-level records)


AUDIT_EVENT_LABELS = {
    AuditEvent.CHILD_RECORDS_VIEWED: "Viewed child-level records",
    AuditEvent.CHILD_RECORDS_EXPORTED: "Exported child-level records",
    AuditEvent.EVIDENCE_PACK_BUILT: "Built an evidence pack",
    AuditEvent.EXPORT_DOWNLOADED: "Downloaded a file",
}
