import keras
from keras import layers


def conv_block(x, filters, kernel_size=3):
    x = layers.Conv2D(filters, kernel_size, padding="same", activation="relu")(x)
    return layers.MaxPooling2D(2)(x)


inputs = keras.Input(shape=(32, 32, 3))
x = conv_block(inputs, 32)
x = conv_block(x, 64, kernel_size=5)
x = layers.Flatten()(x)
for _ in range(2):
    x = layers.Dense(128, activation="relu")(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, batch_size=32, epochs=3, validation_split=0.1)
