import FuzzSupport
import LectorKit

// The JSON parser on any bytes: a value or an error, never a crash or a hang.
fuzz { data, size in
    _ = try? JSONParser.parse(bytes(data, size))
    return 0
}
