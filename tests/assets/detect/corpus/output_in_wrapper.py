# Corpus finding (melgan_spectrogram_inversion, sequence taggers): the output layer is wrapped in
# another layer (WeightNormalization-style wrappers, TimeDistributed, Bidirectional), so the
# wrapped layer's activation/size is tuned.
# Also: the LSTM(40) that feeds the TimeDistributed head is dropped (treated as the output layer).
# Expect: tune LSTM(40).units, Conv1D(24).filters/kernel_size/activation, optimizer, epochs.
# Leave alone: TimeDistributed(Dense(NUM_TAGS, activation="softmax")) and the wrapped
# Conv1D(1, 7, activation="tanh") that produces the waveform (1 channel in [-1, 1]).
import numpy as np
import keras
from keras import layers

NUM_TAGS = 9
words = np.random.rand(32, 20, 16)

seq_in = keras.Input(shape=(20, 16))
s = layers.LSTM(40, return_sequences=True)(seq_in)
tags = layers.TimeDistributed(layers.Dense(NUM_TAGS, activation="softmax"))(s)
tagger = keras.Model(seq_in, tags)
tagger.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
tagger.fit(words, np.random.randint(0, NUM_TAGS, (32, 20)), epochs=4)

wave_in = keras.Input(shape=(None, 80))
w = layers.Conv1D(24, 5, padding="same", activation="relu")(wave_in)
w = layers.TimeDistributed(layers.Conv1D(1, 7, padding="same", activation="tanh"))(w)
vocoder = keras.Model(wave_in, w)
