# Corpus finding (patch_convnet, gcvit, mirnet, classification_with_grn_and_vsn,
# deep_neural_decision_forests): a sigmoid that acts as a gate (squeeze-and-excitation, gated
# linear unit, attention mask, routing probabilities) is tuned like a hidden-layer activation.
# Swapping it for relu/elu/tanh changes what the block computes (gates must lie in [0, 1]).
# Expect: tune Conv2D(CHANNELS) kernel_size/activation, the squeeze Dense(16) units, lr, epochs.
# Leave alone: the excite Dense(CHANNELS, activation="sigmoid") (both units and activation) and
# the GLU gate Dense(units, activation="sigmoid") activation.
import numpy as np
import keras
from keras import layers

CHANNELS = 64
pics = np.random.rand(8, 32, 32, 3)


class GatedUnit(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.value = layers.Dense(units)
        self.gate = layers.Dense(units, activation="sigmoid")

    def call(self, inputs):
        return self.value(inputs) * self.gate(inputs)


inp = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(CHANNELS, 3, padding="same", activation="relu")(inp)
s = layers.GlobalAveragePooling2D()(x)
s = layers.Dense(16, activation="relu")(s)
s = layers.Dense(CHANNELS, activation="sigmoid")(s)
x = x * layers.Reshape((1, 1, CHANNELS))(s)
x = GatedUnit(32)(layers.GlobalAveragePooling2D()(x))
out = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inp, out)
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
model.fit(pics, np.random.randint(0, 10, 8), epochs=3)
