import keras
from keras import layers


class Classifier(keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.hidden = layers.Dense(256, activation="gelu")
        self.drop = layers.Dropout(0.4)
        self.head = layers.Dense(num_classes)

    def call(self, inputs, training=False):
        x = self.hidden(inputs)
        x = self.drop(x, training=training)
        return self.head(x)


model = Classifier()
model.compile(optimizer=keras.optimizers.Adam(3e-4), loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=5, validation_split=0.2)
