import Glibc
import OfferboxCLI

// Attachments of several megabytes come and go for every message. glibc raises its mmap threshold
// after each large free (up to 32 MiB), after which such buffers stay in the heap and the resident
// size only grows; a fixed threshold returns them to the system at once. Two arenas are enough for
// a daemon whose work is serialised per mailbox.
_ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
_ = mallopt(M_ARENA_MAX, 2)

await Offerbox.main()
