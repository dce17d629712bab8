# Corpus finding (glue_benchmark, ddpg_pendulum, ddpg_ball): the output layer's tensor reaches
# keras.Model through a plain alias (`result = x`) or an arithmetic expression
# (`action = action * bound`). The output Dense is not recognised and its activation is tuned.
# Expect: tune Dense(64).units/activation, Dense(32).units/activation, Adam lr, epochs.
# Leave alone: Dense(2, activation="tanh") (action size; tanh bounds the action to [-1, 1]) and
# Dense(NUM_LABELS, activation="softmax") reached through the alias.
import numpy as np
import keras
from keras import layers

BOUND = 2.0
NUM_LABELS = 5
obs = np.random.rand(64, 8)

state = keras.Input(shape=(8,))
x = layers.Dense(64, activation="relu")(state)
action = layers.Dense(2, activation="tanh")(x)
action = action * BOUND
actor = keras.Model(state, action)

tokens = keras.Input(shape=(8,))
y = layers.Dense(32, activation="relu")(tokens)
y = layers.Dense(NUM_LABELS, activation="softmax")(y)
result = y
classifier = keras.Model(inputs=tokens, outputs=result)
classifier.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
classifier.fit(obs, np.random.randint(0, NUM_LABELS, 64), epochs=3)
