"""Reference timings for bench/nn.bench.ts: PyTorch 1.13 on this machine's CPU, on as many
threads as our side (see below), doing the same training as the TypeScript steps.

- mlp_100_epochs: Dense 100 tanh -> Dense 100 tanh -> Dense 1 relu on 327 rows x 50 features,
  Adam 1e-3, MSE, batch 32, shuffled each epoch, validation loss on 82 rows after every epoch
  (as Keras' fit(validation_data=...) does), 100 epochs.
- cnn_epoch_6000_images: Conv 8 (3x3, relu, same) -> max-pool 2 -> Conv 16 (3x3, relu, same) ->
  max-pool 2 -> flatten -> dense softmax over 5 classes, Adam 1e-3, cross-entropy, one epoch
  over 6,000 28x28 images, batch 32.

Timing does not depend on the values, so the data are seeded random numbers of the right shape.
Each sample trains a fresh model (see serve.py)."""
import os

import numpy as np
import torch
from torch import nn

# The same number of threads as our side: MATML_WASM_THREADS (the wasm backend's threads; unset =
# 1), unless `npm run bench -- --compare --reference-threads N` set OMP_NUM_THREADS=N.
torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS") or os.environ.get("MATML_WASM_THREADS") or "1"))


def train(model, X, y, loss_fn, epochs, batch, Xval=None, yval=None):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(0)
    n = X.shape[0]
    for _ in range(epochs):
        model.train()
        order = torch.randperm(n, generator=gen)
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            opt.zero_grad()
            loss = loss_fn(model(X[idx]), y[idx])
            loss.backward()
            opt.step()
        if Xval is not None:
            with torch.no_grad():
                loss_fn(model(Xval), yval).item()


def mlp_100_epochs():
    rng = np.random.default_rng(0)
    X = torch.tensor(rng.random((327, 50)), dtype=torch.float32)
    y = torch.tensor(rng.random((327, 1)) * 5, dtype=torch.float32)
    Xval = torch.tensor(rng.random((82, 50)), dtype=torch.float32)
    yval = torch.tensor(rng.random((82, 1)) * 5, dtype=torch.float32)
    torch.manual_seed(0)

    def work():
        model = nn.Sequential(nn.Linear(50, 100), nn.Tanh(), nn.Linear(100, 100), nn.Tanh(), nn.Linear(100, 1), nn.ReLU())
        train(model, X, y, nn.MSELoss(), 100, 32, Xval, yval)
    return work


def cnn_epoch_6000_images():
    rng = np.random.default_rng(0)
    X = torch.tensor(rng.random((6000, 1, 28, 28)), dtype=torch.float32)
    y = torch.tensor(rng.integers(0, 5, 6000), dtype=torch.long)
    torch.manual_seed(0)

    def work():
        model = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(16 * 7 * 7, 5),
        )
        # CrossEntropyLoss takes logits: softmax + sparse categorical cross-entropy in one step.
        train(model, X, y, nn.CrossEntropyLoss(), 1, 32)
    return work


STEPS = {"mlp_100_epochs": mlp_100_epochs, "cnn_epoch_6000_images": cnn_epoch_6000_images}


def INFO():
    return {"torch": torch.__version__, "threads": torch.get_num_threads()}
