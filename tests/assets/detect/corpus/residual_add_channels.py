# Corpus finding (mirnet, learnable_resizer, edsr): a conv's output is added back onto the
# input image (a global residual), so its filter count must equal the image's channels.
# Same for a block's closing Dense/Conv whose output is added to the block input.
# Expect: tune Conv2D(48).filters/kernel_size, Dense(96).units/activation, lr, epochs.
# Leave alone: Conv2D(3, ...).filters (added to the 3-channel input), Dense(24).units
# (added to the 24-wide block input `feats`).
import numpy as np
import keras
from keras import layers

noisy = np.random.rand(8, 32, 32, 3)

img = keras.Input(shape=(32, 32, 3))
t = layers.Conv2D(48, 3, padding="same", activation="relu")(img)
t = layers.Conv2D(3, 3, padding="same")(t)
cleaned = layers.Add()([img, t])
denoiser = keras.Model(img, cleaned)
denoiser.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
denoiser.fit(noisy, noisy, epochs=6)

feats = keras.Input(shape=(24,))
f = layers.Dense(96, activation="gelu")(feats)
f = layers.Dense(24)(f)
block_out = layers.LayerNormalization()(feats + f)
block = keras.Model(feats, block_out)
