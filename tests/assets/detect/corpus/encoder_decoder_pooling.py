# Corpus finding (vision/autoencoder, timeseries_anomaly_detection, ddim/U-Nets): the encoder's
# downsampling (pool sizes, strides) must be undone exactly by the decoder's upsampling
# (Conv2DTranspose strides, UpSampling2D size) so the output matches the input (the loss compares
# them) and the skip concatenation lines up. Only the encoder side is tuned today.
# Expect: tune conv filters, kernel sizes, activations, lr, epochs, batch_size.
# Leave alone (or tie together): MaxPooling2D pool sizes, the encoder Conv2D strides=2,
# Conv2DTranspose strides=2 and UpSampling2D size=2.
import numpy as np
import keras
from keras import layers

digits = np.random.rand(64, 28, 28, 1)

inp = keras.Input(shape=(28, 28, 1))
e1 = layers.Conv2D(32, 3, activation="relu", padding="same")(inp)
p1 = layers.MaxPooling2D((2, 2), padding="same")(e1)
e2 = layers.Conv2D(16, 3, strides=2, activation="relu", padding="same")(p1)
d1 = layers.Conv2DTranspose(16, 3, strides=2, activation="relu", padding="same")(e2)
d1 = layers.Concatenate()([d1, p1])
d2 = layers.UpSampling2D(size=2)(d1)
d2 = layers.Conv2D(32, 3, activation="relu", padding="same")(d2)
out = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(d2)
ae = keras.Model(inp, out)
ae.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
ae.fit(digits, digits, epochs=10, batch_size=32)
