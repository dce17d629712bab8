# Corpus finding (image_classification_from_scratch, oxford_pets_image_segmentation): an
# Xception-style block adds a 1x1 strided projection of the block input to the pooled main path.
# The shortcut's strides must equal the pooling's strides, or Add() fails on shapes.
# Expect: tune the SeparableConv2D kernel sizes, MaxPooling2D pool_size, Dropout rate, lr, epochs.
# Leave alone: the shortcut Conv2D(..., 1, strides=2).strides (tied to MaxPooling2D strides=2)
# and its kernel_size 1 (a projection, not a receptive field).
import numpy as np
import keras
from keras import layers

images = np.random.rand(16, 64, 64, 3)
labels = np.random.randint(0, 2, 16)

inp = keras.Input(shape=(64, 64, 3))
x = layers.Conv2D(32, 3, padding="same", activation="relu")(inp)
skip = x
for width in (64, 128):
    x = layers.SeparableConv2D(width, 3, padding="same", activation="relu")(x)
    x = layers.SeparableConv2D(width, 3, padding="same")(x)
    x = layers.MaxPooling2D(3, strides=2, padding="same")(x)
    shortcut = layers.Conv2D(width, 1, strides=2, padding="same")(skip)
    x = layers.add([x, shortcut])
    skip = x
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dropout(0.3)(x)
out = layers.Dense(1, activation="sigmoid")(x)
net = keras.Model(inp, out)
net.compile(optimizer=keras.optimizers.Adam(3e-4), loss="binary_crossentropy")
net.fit(images, labels, epochs=8)
