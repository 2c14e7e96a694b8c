import OfferboxCLI

/// glibc's mallopt(3); <malloc.h> is not part of the Glibc module.
@_silgen_name("mallopt") func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
let M_MMAP_THRESHOLD: Int32 = -3
let M_ARENA_MAX: Int32 = -8

// Attachments of several megabytes come and go for every message. glibc raises its mmap threshold
// after each large free (up to 32 MiB), after which such buffers stay in the heap and the resident
// size only grows; a fixed threshold returns them to the system at once. Two arenas are enough for
// a daemon whose work is serialised per mailbox.
_ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
_ = mallopt(M_ARENA_MAX, 2)

await Offerbox.main()
