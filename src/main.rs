//! The `modalcfg` binary: everything it does is in the library's `app` feature.
fn main() -> std::process::ExitCode {
    modalcfg::run_program()
}
