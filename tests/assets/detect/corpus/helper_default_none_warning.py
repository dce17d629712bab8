# Corpus finding (cyclegan, cutmix, mpnn-molecular-graphs): a helper parameter with the default
# None produces the warning "'None' is also used at line N outside a tunable argument; left
# alone". The warning names the default value, not the parameter (`name`), and `name` is not a
# tunable setting at all, so no warning is due.
# Expect: tune the helper's filters=64 default (Conv2D filters), LeakyReLU slope,
# Adam lr, epochs. No warning about 'None' or 'name'.
# Leave alone: name=None, the output Conv2D(1).
import numpy as np
import keras
from keras import layers

photos = np.random.rand(8, 64, 64, 3)


def critic(filters=64, kernel=4, name=None):
    img = layers.Input(shape=(64, 64, 3), name=name + "_img" if name else None)
    x = layers.Conv2D(filters, kernel, strides=2, padding="same")(img)
    x = layers.LeakyReLU(0.2)(x)
    x = layers.Conv2D(1, kernel, padding="same")(x)
    return keras.Model(img, x, name=name)


disc = critic(name="critic_a")
disc.compile(optimizer=keras.optimizers.Adam(2e-4), loss="mse")
disc.fit(photos, np.zeros((8, 32, 32, 1)), epochs=2)
