// uchardet (libuchardet-dev, installed by scripts/install-deps): the charset detector
// HTMLDecoding asks when a page declares no encoding, or one its bytes cannot be in.
#include <uchardet.h>
