#!/usr/bin/env python3
"""gen_big_config.py N OUT - write a synthetic ~/.modal.toml with N profiles.

Shape (the Rust benchmark in benches/config.rs generates the same bytes):
  * a 2-line header comment;
  * per profile i (1-based, name p00001 ... ) about 100 bytes:
        # profile i
        [p0000i]
        token_id = "ak-0000i"
        environment = "env-0000i"
        server_url = "https://api.modal.com"
  * the 5000th profile (or the last one when N < 5000) has `active = true`.
No profile has a token_secret, so the real client never goes to the network for it.
10,000 profiles come to about 1 MB.
"""
import sys


def active_index(n: int) -> int:
    return min(5000, n)


def render(n: int) -> str:
    out = ["# synthetic modal config for benchmarks\n", f"# {n} profiles, profile {active_index(n)} active\n"]
    act = active_index(n)
    for i in range(1, n + 1):
        name = f"p{i:05}"
        out.append(f"\n# profile {i}\n[{name}]\n")
        out.append(f'token_id = "ak-{i:05}"\n')
        out.append(f'environment = "env-{i:05}"\n')
        out.append('server_url = "https://api.modal.com"\n')
        if i == act:
            out.append("active = true\n")
    return "".join(out)


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    n = int(sys.argv[1])
    if n < 1:
        print("N must be >= 1", file=sys.stderr)
        return 2
    data = render(n)
    with open(sys.argv[2], "w", encoding="utf-8", newline="\n") as f:
        f.write(data)
    print(f"wrote {sys.argv[2]}: {n} profiles, {len(data.encode())} bytes, active p{active_index(n):05}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
