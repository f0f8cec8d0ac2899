fn main() {
    std::process::exit(credbroker::run());
}
