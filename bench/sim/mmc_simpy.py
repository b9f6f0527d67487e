"""M/M/c queue in SimPy: the peer for bench/sim.ts.

Same model as the smartborder engine's benchmark: Poisson arrivals (rate lam per second), c
identical booths fed by one FIFO queue, exponential service (mean `service` seconds). Idiomatic
SimPy: an arrival generator process, one process per vehicle that requests a Resource, holds it
for its service time and releases it.

Usage: python3 mmc_simpy.py --c 10 --rho 0.9 --service 30 --customers 200000 --seed 1 [--warmup 0.1]
Prints one JSON object: customers, seconds (wall), meanWait, simpyEvents (events SimPy processed,
counted in a separate identical run with a counting loop), simpyVersion.
"""
import argparse
import json
import random
import time

import simpy


def run(c, lam, service, customers, seed, warmup_frac, count_events):
    rng = random.Random(seed)
    env = simpy.Environment()
    booths = simpy.Resource(env, capacity=c)
    warm = int(customers * warmup_frac)
    stats = {"n": 0, "sum": 0.0}

    def vehicle(env, idx):
        arrive = env.now
        with booths.request() as req:
            yield req
            if idx >= warm:
                stats["n"] += 1
                stats["sum"] += env.now - arrive
            yield env.timeout(rng.expovariate(1.0 / service))

    def source(env):
        for i in range(customers):
            yield env.timeout(rng.expovariate(lam))
            env.process(vehicle(env, i))

    env.process(source(env))
    events = 0
    t0 = time.perf_counter()
    if count_events:
        try:
            while True:
                env.step()
                events += 1
        except simpy.core.EmptySchedule:
            pass
    else:
        env.run()
    wall = time.perf_counter() - t0
    return wall, stats["sum"] / max(stats["n"], 1), events


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--c", type=int, default=10)
    p.add_argument("--rho", type=float, default=0.9)
    p.add_argument("--service", type=float, default=30.0)
    p.add_argument("--customers", type=int, default=200000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--warmup", type=float, default=0.05)
    a = p.parse_args()
    lam = a.rho * a.c / a.service
    wall, mean_wait, _ = run(a.c, lam, a.service, a.customers, a.seed, a.warmup, False)
    # count SimPy's own events on a smaller identical run (counting slows the loop, so not timed)
    n_small = max(1000, a.customers // 10)
    _, _, events_small = run(a.c, lam, a.service, n_small, a.seed, a.warmup, True)
    print(json.dumps({
        "customers": a.customers,
        "seconds": wall,
        "meanWait": mean_wait,
        "simpyEventsPerCustomer": events_small / n_small,
        "simpyVersion": simpy.__version__,
    }))


if __name__ == "__main__":
    main()
