"""The five-way model's fixed training settings and labels (no torch, so tests can read them).

FIXED BEFORE ANY RESULT WAS SEEN (issue 14, "Discipline"); meta.json records them beside the figures. The
length-sorted pools were added, before any result, for time: the machine was shared and random batches of 16
pad about 40% of their tokens.
"""

SETTINGS = {
    "max_len": 96,
    "padding": "dynamic (longest in batch)",
    "batching": "shuffled each epoch, length-sorted within pools of 8 batches, batch order shuffled",
    "batch_size": 16,
    "optimizer": "AdamW",
    "lr": 5e-5,
    "weight_decay": 0.01,
    "epochs": 4,
    "warmup_fraction": 0.1,
    "schedule": "linear warmup then linear decay",
    "grad_clip": 1.0,
    "head_dropout": 0.1,
    "pooling": "mean over attention_mask",
    "seed": 13,
    "cv_shuffle_seed": 13,
}
LABEL_NAMES = ["statement/appeal", "verbal cooperation", "material cooperation", "verbal conflict",
               "material conflict"]
