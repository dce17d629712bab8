# Corpus finding (~40 warnings: simsiam, nerf, vit_small_ds, masked_image_modeling, ...):
# EPOCHS / BATCH_SIZE / PROJECTION_DIM are read again outside a tunable argument (to size a
# learning-rate schedule, in a plot, in a list) and the detector then leaves them alone with
# "'EPOCHS' is also used at line N outside a tunable argument". Rewriting the single definition
# keeps every use consistent, so these are safe to tune.
# Expect: tune EPOCHS (fit epochs), BATCH_SIZE (dataset batch), PROJECTION_DIM (Dense units),
# the CosineDecay initial_learning_rate 0.03.
# Leave alone: NUM_SAMPLES (data size), the output Dense(10).
import numpy as np
import tensorflow as tf
import keras
from keras import layers

NUM_SAMPLES = 512
BATCH_SIZE = 128
EPOCHS = 5
PROJECTION_DIM = 96

x = np.random.rand(NUM_SAMPLES, 20)
y = np.random.randint(0, 10, NUM_SAMPLES)
train = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(NUM_SAMPLES).batch(BATCH_SIZE)
steps = EPOCHS * (NUM_SAMPLES // BATCH_SIZE)
schedule = keras.optimizers.schedules.CosineDecay(initial_learning_rate=0.03, decay_steps=steps)
widths = [PROJECTION_DIM * 2, PROJECTION_DIM]

inp = keras.Input(shape=(20,))
h = layers.Dense(PROJECTION_DIM, activation="relu")(inp)
out = layers.Dense(10, activation="softmax")(h)
model = keras.Model(inp, out)
model.compile(optimizer=keras.optimizers.SGD(schedule, momentum=0.9), loss="sparse_categorical_crossentropy")
model.fit(train, epochs=EPOCHS)
print(f"trained for {EPOCHS} epochs with widths {widths}")
