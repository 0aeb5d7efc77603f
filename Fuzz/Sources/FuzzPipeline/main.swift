import FuzzSupport
import LectorAnalyzers
import LectorKit

// The pipeline and option syntax, and option checking against the built-in analyzers: a
// pipeline or an error that points into the text, never a crash.
let registry = BuiltInAnalyzers.registry()

fuzz { data, size in
    let text = FuzzSupport.text(data, size)
    do throws(PipelineError) {
        let pipeline = try Pipeline(text, registry: registry)
        pipeline.close()
    } catch {
        if let range = error.range { precondition(range.lowerBound >= 0 && range.upperBound <= text.count + 1, "an error range outside the text") }
    }
    return 0
}
