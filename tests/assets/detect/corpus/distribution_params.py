# Corpus finding (bayesian_neural_networks, bayesian_neural_networks_wine): a Dense whose width is
# the parameter count of a probability distribution (loc and scale -> 2) feeds a distribution
# layer (tfp.layers.IndependentNormal there; a small custom layer here) that is the model output.
# Its units are task-defined, like an output layer's.
# Expect: tune Dense(8) units/activation, RMSprop lr, epochs.
# Leave alone: Dense(units=2) (loc and scale of a Normal).
import numpy as np
import keras
from keras import layers, ops

wine = np.random.rand(50, 11)
quality = np.random.rand(50, 1)


class NormalSample(layers.Layer):
    def call(self, params):
        loc, log_scale = params[:, :1], params[:, 1:]
        return loc + ops.exp(log_scale) * keras.random.normal(ops.shape(loc))


inp = keras.Input(shape=(11,))
h = layers.Dense(8, activation="sigmoid")(inp)
dist_params = layers.Dense(units=2)(h)
outputs = NormalSample()(dist_params)
prob_model = keras.Model(inp, outputs)
prob_model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.001), loss="mse")
prob_model.fit(wine, quality, epochs=100)
