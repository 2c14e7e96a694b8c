import MIME

@main struct NotFuzzing { static func main() { print("build with scripts/fuzz-mime") } }
