"""brink in a notebook, as a script: load the default model, run it, plot the escalation
ladder from .timeline, and sweep one parameter.

    PYTHONPATH=build/python python3 examples/python/notebook.py [OUTPUT_FOLDER]

(After `cmake --install build`, `import brink` works without PYTHONPATH.) The plot is saved
as OUTPUT_FOLDER/ladder.png (default: the current folder).
"""
import os
import sys

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt

import brink

here = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1] if len(sys.argv) > 1 else "."

# In [1]: the model
model = brink.load(os.path.join(here, "..", "one-way", "russia_dprk_treaty.yaml"))
print(model)
print("named parameters:", ", ".join(model.parameters[:5]), "...")

# In [2]: a run with 100 draws of the uncertain values
result = brink.run(model, trials=50_000, draws=100)
summary = result.summary
print(summary.loc[summary.kind == "level", ["id", "label", "probability", "ci95_low",
                                            "ci95_high", "p05", "p95"]].to_string(index=False))

# In [3]: the ladder over time, with the 90% band over draws
ladder = result.timeline[result.timeline.kind == "level"]
fig, ax = plt.subplots(figsize=(8, 4.5))
for level, rows in ladder.groupby("id", sort=False):
    label = "≥ %s %s" % (level, rows.label.iloc[0])
    line, = ax.plot(rows.step, rows.probability, label=label)
    ax.fill_between(rows.step, rows.p05, rows.p95, color=line.get_color(), alpha=0.15)
ax.set_xlabel(model.step)
ax.set_ylabel("cumulative probability")
ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
ax.set_title(model.scenario)
ax.legend(fontsize=8)
fig.tight_layout()
png = os.path.join(out, "ladder.png")
fig.savefig(png, dpi=110)
print("saved", png)

# In [4]: sweep one parameter (common random numbers), the target level by the horizon
sweep = brink.sweep(model, vary={"invoke_if_attacked": [0.2, 0.4, 0.6, 0.8]}, trials=50_000,
                    draws=1).sweep
top = sweep[(sweep.kind == "level") & (sweep.id == "4")]
print(top[["invoke_if_attacked", "probability", "ci95_low", "ci95_high"]].to_string(index=False))
