# Corpus finding (vae, dcgan_overriding_train_step, wgan_gp, mirnet): a layer size is left alone
# with "Conv2D.filters=64: a Reshape at line N expects this size" although the Reshape belongs
# to another model (the decoder/generator) and only happens to contain the same number.
# In mirnet the Reshape((1, 1, channels)) is matched to a Conv2D(1) through the literal 1.
# Expect: tune the encoder Conv2D(64).filters and Conv2D(32).filters, the decoder
# Conv2DTranspose(32).filters, Dense(16).units, epochs, batch_size.
# Leave alone: Dense(7 * 7 * 64) and Reshape((7, 7, 64)) (they must agree with each other),
# the output Conv2DTranspose(1).
import numpy as np
import keras
from keras import layers

LATENT = 2
digits = np.random.rand(64, 28, 28, 1)

enc_in = keras.Input(shape=(28, 28, 1))
e = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(enc_in)
e = layers.Conv2D(64, 3, strides=2, padding="same", activation="relu")(e)
e = layers.Flatten()(e)
e = layers.Dense(16, activation="relu")(e)
code = layers.Dense(LATENT)(e)
encoder = keras.Model(enc_in, code)

dec_in = keras.Input(shape=(LATENT,))
d = layers.Dense(7 * 7 * 64, activation="relu")(dec_in)
d = layers.Reshape((7, 7, 64))(d)
d = layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(d)
d = layers.Conv2DTranspose(1, 3, strides=2, padding="same", activation="sigmoid")(d)
decoder = keras.Model(dec_in, d)

auto = keras.Model(enc_in, decoder(encoder(enc_in)))
auto.compile(optimizer="adam", loss="binary_crossentropy")
auto.fit(digits, digits, epochs=30, batch_size=128)
