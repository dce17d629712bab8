# Corpus finding (cyclegan, wgan_gp, edsr, basnet): the last parametric layer is followed by a
# separate Activation / Rescaling / Cropping layer before keras.Model(...). The output-layer rule
# only looks at the tensor passed to Model, so the image head is tuned.
# Expect: tune Conv2D(32).filters/kernel_size, Conv2D(16).filters/kernel_size, Adam lr, epochs.
# Leave alone: Conv2D(3, ...).filters (RGB channels of the image), Activation("tanh")
# (output range matched to images scaled to [-1, 1]), Cropping2D, Rescaling.
import numpy as np
import keras
from keras import layers

pictures = np.random.rand(16, 36, 36, 3) * 2 - 1

inp = keras.Input(shape=(36, 36, 3))
h = layers.Conv2D(32, 3, padding="same", activation="relu")(inp)
h = layers.Conv2D(16, 5, padding="same", activation="relu")(h)
h = layers.Conv2D(3, 3, padding="same")(h)
h = layers.Activation("tanh")(h)
h = layers.Cropping2D((2, 2))(h)
out = layers.Rescaling(1.0)(h)
net = keras.Model(inp, out)
net.compile(optimizer=keras.optimizers.Adam(2e-4), loss="mae")
net.fit(pictures, pictures[:, 2:-2, 2:-2, :], epochs=5)
