//! The large config used by benchmarks and stress tests: the same bytes as
//! `python3 tools/gen_big_config.py N OUT` (about 100 bytes per profile, so 10,000 ≈ 1 MB).

/// `n` profiles `p00001…`, each with a comment and three keys; profile 5000 (or the last) is active.
pub fn big_config(n: usize) -> String {
    let act = n.min(5000);
    let mut s =
        format!("# synthetic modal config for benchmarks\n# {n} profiles, profile {act} active\n");
    for i in 1..=n {
        s.push_str(&format!(
            "\n# profile {i}\n[p{i:05}]\ntoken_id = \"ak-{i:05}\"\nenvironment = \"env-{i:05}\"\nserver_url = \"https://api.modal.com\"\n"
        ));
        if i == act {
            s.push_str("active = true\n");
        }
    }
    s
}
