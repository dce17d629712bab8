from keras.models import Sequential
from keras.layers import Dense, Conv2D, Flatten, LeakyReLU
from keras.optimizers import SGD
from keras import regularizers

model = Sequential()
model.add(Conv2D(32, (3, 3), input_shape=(28, 28, 1)))
model.add(LeakyReLU(alpha=0.2))
model.add(Flatten())
model.add(Dense(100, activation="tanh", kernel_regularizer=regularizers.l2(0.01)))
model.add(Dense(10, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer=SGD(lr=0.01, momentum=0.5))
model.fit(X, Y, 64, 15, validation_split=0.2)
