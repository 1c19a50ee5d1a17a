# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'warehouse_view.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSizePolicy, QSpacerItem, QSplitter, QStackedWidget, QTableView, QVBoxLayout, QWidget

class Ui_WarehouseView(object):
    def setupUi(self, WarehouseView):
        if not WarehouseView.objectName():
            WarehouseView.setObjectName(u"WarehouseView")
        WarehouseView.resize(1280, 760)
        self.mainLayout = QVBoxLayout(WarehouseView)
        self.mainLayout.setObjectName(u"mainLayout")
        self.scanLayout = QHBoxLayout()
        self.scanLayout.setObjectName(u"scanLayout")
        self.scanLabel = QLabel(WarehouseView)
        self.scanLabel.setObjectName(u"scanLabel")

        self.scanLayout.addWidget(self.scanLabel)

        self.scanEdit = QLineEdit(WarehouseView)
        self.scanEdit.setObjectName(u"scanEdit")
        self.scanEdit.setMinimumSize(QSize(320, 0))
        self.scanEdit.setClearButtonEnabled(True)

        self.scanLayout.addWidget(self.scanEdit)

        self.scanSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.scanLayout.addItem(self.scanSpacer)

        self.refreshButton = QPushButton(WarehouseView)
        self.refreshButton.setObjectName(u"refreshButton")

        self.scanLayout.addWidget(self.refreshButton)

        self.importButton = QPushButton(WarehouseView)
        self.importButton.setObjectName(u"importButton")

        self.scanLayout.addWidget(self.importButton)

        self.settingsButton = QPushButton(WarehouseView)
        self.settingsButton.setObjectName(u"settingsButton")

        self.scanLayout.addWidget(self.settingsButton)


        self.mainLayout.addLayout(self.scanLayout)

        self.messageLabel = QLabel(WarehouseView)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.mainLayout.addWidget(self.messageLabel)

        self.splitter = QSplitter(WarehouseView)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.queueGroup = QGroupBox(self.splitter)
        self.queueGroup.setObjectName(u"queueGroup")
        self.queueLayout = QVBoxLayout(self.queueGroup)
        self.queueLayout.setObjectName(u"queueLayout")
        self.queueTable = QTableView(self.queueGroup)
        self.queueTable.setObjectName(u"queueTable")
        self.queueTable.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.queueTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.queueTable.setSelectionMode(QAbstractItemView.SingleSelection)
        self.queueTable.setAlternatingRowColors(True)
        self.queueTable.setWordWrap(False)

        self.queueLayout.addWidget(self.queueTable)

        self.queueCountLabel = QLabel(self.queueGroup)
        self.queueCountLabel.setObjectName(u"queueCountLabel")

        self.queueLayout.addWidget(self.queueCountLabel)

        self.splitter.addWidget(self.queueGroup)
        self.verdictStack = QStackedWidget(self.splitter)
        self.verdictStack.setObjectName(u"verdictStack")
        self.emptyPage = QWidget()
        self.emptyPage.setObjectName(u"emptyPage")
        self.emptyLayout = QVBoxLayout(self.emptyPage)
        self.emptyLayout.setObjectName(u"emptyLayout")
        self.emptyLabel = QLabel(self.emptyPage)
        self.emptyLabel.setObjectName(u"emptyLabel")
        self.emptyLabel.setAlignment(Qt.AlignCenter)
        self.emptyLabel.setWordWrap(True)

        self.emptyLayout.addWidget(self.emptyLabel)

        self.verdictStack.addWidget(self.emptyPage)
        self.verdictPage = QWidget()
        self.verdictPage.setObjectName(u"verdictPage")
        self.verdictLayout = QVBoxLayout(self.verdictPage)
        self.verdictLayout.setObjectName(u"verdictLayout")
        self.checkInfoLabel = QLabel(self.verdictPage)
        self.checkInfoLabel.setObjectName(u"checkInfoLabel")
        self.checkInfoLabel.setWordWrap(True)
        self.checkInfoLabel.setTextFormat(Qt.RichText)
        self.checkInfoLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.verdictLayout.addWidget(self.checkInfoLabel)

        self.stubGroup = QGroupBox(self.verdictPage)
        self.stubGroup.setObjectName(u"stubGroup")
        self.stubLayout = QFormLayout(self.stubGroup)
        self.stubLayout.setObjectName(u"stubLayout")
        self.stubLabel = QLabel(self.stubGroup)
        self.stubLabel.setObjectName(u"stubLabel")

        self.stubLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.stubLabel)

        self.stubCombo = QComboBox(self.stubGroup)
        self.stubCombo.setObjectName(u"stubCombo")

        self.stubLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.stubCombo)


        self.verdictLayout.addWidget(self.stubGroup)

        self.weightGroup = QGroupBox(self.verdictPage)
        self.weightGroup.setObjectName(u"weightGroup")
        self.weightLayout = QGridLayout(self.weightGroup)
        self.weightLayout.setObjectName(u"weightLayout")
        self.weightLabel = QLabel(self.weightGroup)
        self.weightLabel.setObjectName(u"weightLabel")

        self.weightLayout.addWidget(self.weightLabel, 0, 0, 1, 1)

        self.weightEdit = QLineEdit(self.weightGroup)
        self.weightEdit.setObjectName(u"weightEdit")

        self.weightLayout.addWidget(self.weightEdit, 0, 1, 1, 1)

        self.kgLabel = QLabel(self.weightGroup)
        self.kgLabel.setObjectName(u"kgLabel")

        self.weightLayout.addWidget(self.kgLabel, 0, 2, 1, 1)

        self.takeScaleButton = QPushButton(self.weightGroup)
        self.takeScaleButton.setObjectName(u"takeScaleButton")

        self.weightLayout.addWidget(self.takeScaleButton, 0, 3, 1, 1)

        self.connectScaleButton = QPushButton(self.weightGroup)
        self.connectScaleButton.setObjectName(u"connectScaleButton")

        self.weightLayout.addWidget(self.connectScaleButton, 0, 4, 1, 1)

        self.expectedTitle = QLabel(self.weightGroup)
        self.expectedTitle.setObjectName(u"expectedTitle")

        self.weightLayout.addWidget(self.expectedTitle, 1, 0, 1, 1)

        self.expectedLabel = QLabel(self.weightGroup)
        self.expectedLabel.setObjectName(u"expectedLabel")

        self.weightLayout.addWidget(self.expectedLabel, 1, 1, 1, 4)

        self.differenceTitle = QLabel(self.weightGroup)
        self.differenceTitle.setObjectName(u"differenceTitle")

        self.weightLayout.addWidget(self.differenceTitle, 2, 0, 1, 1)

        self.differenceLabel = QLabel(self.weightGroup)
        self.differenceLabel.setObjectName(u"differenceLabel")
        self.differenceLabel.setWordWrap(True)

        self.weightLayout.addWidget(self.differenceLabel, 2, 1, 1, 4)

        self.scaleStatusLabel = QLabel(self.weightGroup)
        self.scaleStatusLabel.setObjectName(u"scaleStatusLabel")
        self.scaleStatusLabel.setWordWrap(True)

        self.weightLayout.addWidget(self.scaleStatusLabel, 3, 0, 1, 5)


        self.verdictLayout.addWidget(self.weightGroup)

        self.textLayout = QFormLayout()
        self.textLayout.setObjectName(u"textLayout")
        self.observedLabel = QLabel(self.verdictPage)
        self.observedLabel.setObjectName(u"observedLabel")

        self.textLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.observedLabel)

        self.observedEdit = QPlainTextEdit(self.verdictPage)
        self.observedEdit.setObjectName(u"observedEdit")
        self.observedEdit.setMaximumSize(QSize(16777215, 90))

        self.textLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.observedEdit)

        self.remarkLabel = QLabel(self.verdictPage)
        self.remarkLabel.setObjectName(u"remarkLabel")

        self.textLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.remarkLabel)

        self.remarkEdit = QLineEdit(self.verdictPage)
        self.remarkEdit.setObjectName(u"remarkEdit")

        self.textLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.remarkEdit)

        self.photosTitle = QLabel(self.verdictPage)
        self.photosTitle.setObjectName(u"photosTitle")

        self.textLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.photosTitle)

        self.photosLayout = QHBoxLayout()
        self.photosLayout.setObjectName(u"photosLayout")
        self.photosLabel = QLabel(self.verdictPage)
        self.photosLabel.setObjectName(u"photosLabel")
        self.photosLabel.setWordWrap(True)

        self.photosLayout.addWidget(self.photosLabel)

        self.addPhotoButton = QPushButton(self.verdictPage)
        self.addPhotoButton.setObjectName(u"addPhotoButton")

        self.photosLayout.addWidget(self.addPhotoButton)


        self.textLayout.setLayout(2, QFormLayout.ItemRole.FieldRole, self.photosLayout)


        self.verdictLayout.addLayout(self.textLayout)

        self.verdictSpacer = QSpacerItem(10, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.verdictLayout.addItem(self.verdictSpacer)

        self.buttonLayout = QHBoxLayout()
        self.buttonLayout.setObjectName(u"buttonLayout")
        self.closeCheckButton = QPushButton(self.verdictPage)
        self.closeCheckButton.setObjectName(u"closeCheckButton")

        self.buttonLayout.addWidget(self.closeCheckButton)

        self.buttonSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonLayout.addItem(self.buttonSpacer)

        self.refuteButton = QPushButton(self.verdictPage)
        self.refuteButton.setObjectName(u"refuteButton")

        self.buttonLayout.addWidget(self.refuteButton)

        self.confirmButton = QPushButton(self.verdictPage)
        self.confirmButton.setObjectName(u"confirmButton")

        self.buttonLayout.addWidget(self.confirmButton)


        self.verdictLayout.addLayout(self.buttonLayout)

        self.verdictStack.addWidget(self.verdictPage)
        self.splitter.addWidget(self.verdictStack)

        self.mainLayout.addWidget(self.splitter)

        self.mainLayout.setStretch(2, 1)
#if QT_CONFIG(shortcut)
        self.scanLabel.setBuddy(self.scanEdit)
        self.stubLabel.setBuddy(self.stubCombo)
        self.weightLabel.setBuddy(self.weightEdit)
        self.observedLabel.setBuddy(self.observedEdit)
        self.remarkLabel.setBuddy(self.remarkEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.scanEdit, self.queueTable)
        QWidget.setTabOrder(self.queueTable, self.stubCombo)
        QWidget.setTabOrder(self.stubCombo, self.weightEdit)
        QWidget.setTabOrder(self.weightEdit, self.takeScaleButton)
        QWidget.setTabOrder(self.takeScaleButton, self.observedEdit)
        QWidget.setTabOrder(self.observedEdit, self.remarkEdit)
        QWidget.setTabOrder(self.remarkEdit, self.confirmButton)
        QWidget.setTabOrder(self.confirmButton, self.refuteButton)

        self.retranslateUi(WarehouseView)

        QMetaObject.connectSlotsByName(WarehouseView)
    # setupUi

    def retranslateUi(self, WarehouseView):
        WarehouseView.setWindowTitle(QCoreApplication.translate("WarehouseView", u"\u4ed3\u5e93\u6838\u5b9e", None))
        self.scanLabel.setText(QCoreApplication.translate("WarehouseView", u"\u626b\u63cf\u8fd0\u5355\u53f7", None))
        self.scanEdit.setPlaceholderText(QCoreApplication.translate("WarehouseView", u"\u7528\u626b\u63cf\u67aa\u626b\u63cf\u9762\u5355\u6761\u7801\uff0c\u6216\u8f93\u5165\u8fd0\u5355\u53f7\u540e\u6309\u56de\u8f66", None))
        self.refreshButton.setText(QCoreApplication.translate("WarehouseView", u"\u5237\u65b0", None))
        self.importButton.setText(QCoreApplication.translate("WarehouseView", u"\u5bfc\u5165\u5546\u54c1\u91cd\u91cf\u8868\u2026", None))
        self.settingsButton.setText(QCoreApplication.translate("WarehouseView", u"\u4ed3\u5e93\u8bbe\u7f6e\u2026", None))
        self.queueGroup.setTitle(QCoreApplication.translate("WarehouseView", u"\u5f85\u6838\u5b9e\uff08\u6700\u65e9\u7684\u5728\u524d\uff09", None))
        self.emptyLabel.setText(QCoreApplication.translate("WarehouseView", u"\u626b\u63cf\u5305\u88f9\u9762\u5355\u4e0a\u7684\u8fd0\u5355\u53f7\uff0c\u6216\u5728\u5de6\u4fa7\u53cc\u51fb\u4e00\u6761\u6838\u5b9e\u8bf7\u6c42\u3002", None))
        self.stubGroup.setTitle(QCoreApplication.translate("WarehouseView", u"\u5e95\u5355", None))
        self.stubLabel.setText(QCoreApplication.translate("WarehouseView", u"\u5e95\u5355\u60c5\u51b5", None))
        self.weightGroup.setTitle(QCoreApplication.translate("WarehouseView", u"\u79f0\u91cd", None))
        self.weightLabel.setText(QCoreApplication.translate("WarehouseView", u"\u5b9e\u9645\u91cd\u91cf", None))
        self.weightEdit.setPlaceholderText(QCoreApplication.translate("WarehouseView", u"\u5343\u514b\uff0c\u5982 1.234", None))
        self.kgLabel.setText(QCoreApplication.translate("WarehouseView", u"kg", None))
        self.takeScaleButton.setText(QCoreApplication.translate("WarehouseView", u"\u53d6\u7535\u5b50\u79e4\u8bfb\u6570", None))
        self.connectScaleButton.setText(QCoreApplication.translate("WarehouseView", u"\u8fde\u63a5\u7535\u5b50\u79e4", None))
        self.expectedTitle.setText(QCoreApplication.translate("WarehouseView", u"\u9884\u8ba1\u91cd\u91cf", None))
        self.differenceTitle.setText(QCoreApplication.translate("WarehouseView", u"\u5dee\u5f02", None))
        self.observedLabel.setText(QCoreApplication.translate("WarehouseView", u"\u6240\u89c1\u60c5\u51b5", None))
        self.observedEdit.setPlaceholderText(QCoreApplication.translate("WarehouseView", u"\u5982\uff1a\u5e95\u5355\u5199 2 \u4ef6\uff0c\u5b9e\u53d1 1 \u4ef6\uff1b\u5305\u88c5\u5b8c\u597d", None))
        self.remarkLabel.setText(QCoreApplication.translate("WarehouseView", u"\u5907\u6ce8", None))
        self.photosTitle.setText(QCoreApplication.translate("WarehouseView", u"\u5e95\u5355\u7167\u7247", None))
        self.addPhotoButton.setText(QCoreApplication.translate("WarehouseView", u"\u6dfb\u52a0\u5e95\u5355\u7167\u7247\u2026", None))
        self.closeCheckButton.setText(QCoreApplication.translate("WarehouseView", u"\u653e\u4e0b\u6b64\u5355", None))
        self.refuteButton.setText(QCoreApplication.translate("WarehouseView", u"\u6838\u5b9e\u4e0d\u7b26\uff08\u53d1\u8d27\u65e0\u8bef\uff09", None))
        self.confirmButton.setText(QCoreApplication.translate("WarehouseView", u"\u6838\u5b9e\u5c5e\u5b9e\uff08\u786e\u8ba4\u5ba2\u6237\u6240\u8ff0\uff09", None))
    # retranslateUi
