# Corpus finding (neural_style_transfer, tfrecord, fine_tune_via_textual_inversion,
# dcgan_overriding_train_step, stylegan, timeseries_weather_forecasting): the learning rate is
# given to a schedule (ExponentialDecay / CosineDecay initial_learning_rate) and the batch size
# to a dataset utility (image_dataset_from_directory / timeseries_dataset_from_array
# batch_size). Neither is detected.
# Expect: tune initial_learning_rate=0.01 (loguniform), decay_rate=0.96, the utility's
# batch_size=32, Dense(16) units/activation, epochs.
# Leave alone: image_size=(64, 64) (data preparation), decay_steps, sequence_length,
# the output Dense(1).
import numpy as np
import keras
from keras import layers

readings = np.random.rand(1000, 3)
windows = keras.utils.timeseries_dataset_from_array(
    readings[:-10], readings[10:, 0], sequence_length=10, batch_size=32
)
pictures = keras.utils.image_dataset_from_directory("pictures/", image_size=(64, 64), batch_size=32)

inp = keras.Input(shape=(10, 3))
h = layers.Flatten()(inp)
h = layers.Dense(16, activation="relu")(h)
out = layers.Dense(1)(h)
model = keras.Model(inp, out)
lr = keras.optimizers.schedules.ExponentialDecay(initial_learning_rate=0.01, decay_steps=500, decay_rate=0.96)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss="mse")
model.fit(windows, epochs=10)
