import LectorKit

/// An encoder that also shows each document to `observe`, on the worker thread that encodes
/// it, for the notes a run prints at its end.
struct ObservingEncoder: RecordEncoder {
    let encoder: any RecordEncoder
    let observe: @Sendable (Document) -> Void

    func encode(_ document: Document, into bytes: inout [UInt8]) {
        encoder.encode(document, into: &bytes)
        observe(document)
    }
}
